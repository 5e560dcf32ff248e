package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The size catalogue, pool validation and custom headers, without Azure. */
class AksGpuPoolSpecTest {

    @Test
    void theCatalogueKnowsRetiredUnsupportedAndMigCapableFamilies() {
        assertEquals(GpuSizes.Status.RETIRED, GpuSizes.family("Standard_NC6").orElseThrow().status());
        assertEquals(GpuSizes.Status.RETIRED, GpuSizes.family("standard_nc24rs_v2").orElseThrow().status());
        assertEquals(GpuSizes.Status.RETIRED, GpuSizes.family("Standard_NC12s_v3").orElseThrow().status());
        assertEquals(GpuSizes.Status.RETIRED, GpuSizes.family("Standard_ND24s").orElseThrow().status());
        assertEquals(GpuSizes.Status.UNSUPPORTED, GpuSizes.family("Standard_NV16as_v4").orElseThrow().status());
        assertEquals(GpuSizes.Status.CURRENT, GpuSizes.family("Standard_NC4as_T4_v3").orElseThrow().status());
        assertTrue(GpuSizes.supportsMig("Standard_NC24ads_A100_v4"));
        assertTrue(GpuSizes.supportsMig("Standard_ND96isr_H100_v5"));
        assertFalse(GpuSizes.supportsMig("Standard_NC64as_T4_v3"));
        assertTrue(GpuSizes.isGpuName("Standard_NC40ads_H100_v5"));
        assertFalse(GpuSizes.isGpuName("Standard_NP10s"), "NP is FPGA");
        assertFalse(GpuSizes.isGpuName("Standard_D8s_v5"));
        assertTrue(GpuSizes.isRecommendedMinimum("standard_nc4as_t4_v3"));
    }

    @Test
    void aPoolRendersTheArmAgentPoolPropertiesThroughTheSdkModels() {
        GpuPoolSpec p = GpuPoolSpec.of("gpu", "Standard_NC24ads_A100_v4", 2, "none", List.of("sku=gpu:NoSchedule"), "mig3g",
                "Ubuntu2204", true, 1, 4, false, false);

        assertEquals(ArmApi.CONTAINER_SERVICE, p.apiVersion());
        assertEquals(Json.parse("{\"mode\":\"User\",\"vmSize\":\"Standard_NC24ads_A100_v4\",\"count\":2,\"osType\":\"Linux\","
                + "\"osSKU\":\"Ubuntu2204\",\"type\":\"VirtualMachineScaleSets\",\"enableAutoScaling\":true,\"minCount\":1,"
                + "\"maxCount\":4,\"nodeTaints\":[\"sku=gpu:NoSchedule\"],\"gpuInstanceProfile\":\"MIG3g\","
                + "\"gpuProfile\":{\"driver\":\"None\"}}"), Json.parse(AksNodepools.poolBody(p)).get("properties"));
        GpuPoolSpec managed = GpuPoolSpec.of("m", "Standard_NC4as_T4_v3", null, "Install", List.of(), null, null, false, null,
                null, true, false);
        assertEquals(ArmApi.CONTAINER_SERVICE_PREVIEW, managed.apiVersion());
        assertEquals(Json.parse("{\"driver\":\"Install\",\"nvidia\":{\"managementMode\":\"Managed\"}}"),
                Json.parse(AksNodepools.poolBody(managed)).at("/properties/gpuProfile"));
    }

    @Test
    void countsAreCheckedForSystemAndUserPools() {
        assertUsage(() -> GpuPoolSpec.of("gpu", "Standard_NC4as_T4_v3", 0, null, List.of(), null, null, false, null, null, false, true),
                "--node-count 0 is out of range");
        assertEquals(0, GpuPoolSpec.of("gpu", "Standard_NC4as_T4_v3", 0, null, List.of(), null, null, false, null, null, false, false).count());
        assertUsage(() -> GpuPoolSpec.of("gpu", "Standard_NC4as_T4_v3", 5, null, List.of(), null, null, true, 1, 3, false, false),
                "outside --min-count 1 .. --max-count 3");
        assertUsage(() -> GpuPoolSpec.of("gpu", "Standard_NC4as_T4_v3", null, null, List.of(), null, null, true, null, 3, false, false),
                "needs --min-count and --max-count");
        assertUsage(() -> GpuPoolSpec.of("gpu", "Standard_NC4as_T4_v3", null, null, List.of(), null, null, true, 0, 3, false, true),
                "out of range");
    }

    @Test
    void customHeadersAreSentLikeTheAzureClisAndRetiredOnesAreWarnedAbout() {
        Map<String, String> h = CustomHeaders.parse(List.of("UseGPUDedicatedVHD=true,usegen2vm=true",
                "AKSHTTPCustomFeatures=Microsoft.ContainerService/A", "AKSHTTPCustomFeatures=Microsoft.ContainerService/B"));

        assertEquals(Map.of("UseGPUDedicatedVHD", "true", "usegen2vm", "true",
                "AKSHTTPCustomFeatures", "Microsoft.ContainerService/A,Microsoft.ContainerService/B"), h);
        assertEquals(1, CustomHeaders.warnings(h).size());
        assertEquals(1, CustomHeaders.warnings(Map.of("AKSHTTPCustomFeatures", "Microsoft.ContainerService/GPUDedicatedVHDPreview")).size());
        assertEquals(0, CustomHeaders.warnings(Map.of("AKSHTTPCustomFeatures", "Microsoft.ContainerService/Other")).size());
        assertUsage(() -> CustomHeaders.parse(List.of("novalue")), "is not KEY=VALUE");
        assertUsage(() -> CustomHeaders.parse(List.of("Host=evil")), "cannot be sent as a custom header");
    }

    @Test
    void namesAndRegionsFollowAzuresRules() {
        assertEquals("westeurope", AksNames.location("West Europe"));
        assertUsage(() -> AksNames.location("eu"), "is not an Azure region name");
        assertEquals("my.rg_(1)", AksNames.resourceGroup("my.rg_(1)"));
        assertUsage(() -> AksNames.resourceGroup("rg."), "is invalid");
        assertUsage(() -> AksNames.cluster("a".repeat(64)), "is invalid");
        assertEquals(List.of("Microsoft.Compute", "X"), List.of(AksNames.feature("Microsoft.Compute/X")));
        assertEquals("Microsoft.ContainerService", AksNames.feature("ManagedGPUExperiencePreview")[0]);
    }

    @Test
    void theCredentialTypesTriedFollowAzureTokenCredentials() {
        assertEquals("environment variables, workload identity, managed identity, IntelliJ, VS Code, Azure CLI, "
                + "Azure PowerShell, Azure Developer CLI", AzureErrors.tried(null));
        assertEquals("IntelliJ, VS Code, Azure CLI, Azure PowerShell, Azure Developer CLI", AzureErrors.tried("Dev"));
        assertEquals("AzureCliCredential", AzureErrors.tried("AzureCliCredential"));
    }

    private static void assertUsage(org.junit.jupiter.api.function.Executable e, String message) {
        GpuException ex = assertThrows(GpuException.class, e);
        assertEquals(ExitCode.USAGE, ex.exitCode(), ex.getMessage());
        assertThat(ex.getMessage(), containsString(message));
    }
}
