package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aks nodepool add against the local ARM fake. */
@QuarkusMainTest
class AksNodepoolAddTest extends AksArmTestBase {
    @BeforeEach
    void reset() {
        arm.addCluster("rg", "c1", "westeurope");
    }

    @Test
    void addsAMigPoolWithAutoscalerOsSkuAndTaintsAndWaitsForIt(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "a100",
                "--node-vm-size", "Standard_NC24ads_A100_v4", "--gpu-instance-profile", "mig1g", "--os-sku", "azurelinux",
                "--enable-autoscaler", "--min-count", "0", "--max-count", "3", "--taint", "nvidia.com/gpu=present:NoSchedule",
                "-o", "wide");

        assertEquals(0, run.exitCode(), run.toString());
        List<AksArmFake.Received> puts = arm.requests("PUT", "/managedClusters/c1/agentPools/a100$");
        assertEquals(1, puts.size(), run.toString());
        AksArmFake.Received put = puts.get(0);
        assertEquals(ArmApi.CONTAINER_SERVICE, put.apiVersion());
        assertEquals("*", put.headers().get("if-none-match"));
        JsonNode p = put.body().get("properties");
        assertEquals("Standard_NC24ads_A100_v4", p.get("vmSize").asText());
        assertEquals("User", p.get("mode").asText());
        assertEquals(0, p.get("count").asInt(), "the autoscaler starts at --min-count");
        assertEquals("MIG1g", p.get("gpuInstanceProfile").asText());
        assertEquals("AzureLinux", p.get("osSKU").asText());
        assertEquals(true, p.get("enableAutoScaling").asBoolean());
        assertEquals(0, p.get("minCount").asInt());
        assertEquals(3, p.get("maxCount").asInt());
        assertEquals("[\"nvidia.com/gpu=present:NoSchedule\"]", p.get("nodeTaints").toString());
        assertEquals("Install", p.at("/gpuProfile/driver").asText());
        assertFalse(put.headers().containsKey("usegpudedicatedvhd"));
        assertEquals(3, arm.requests("GET", "/operations/").size(), run.toString());
        assertThat(run.stdout(), containsString("a100   User   Standard_NC24ads_A100_v4   0       0-3         Install      MIG1g"));
        assertThat(run.stdout(), containsString("Succeeded"));
        assertThat(run.stderr(), containsString("next: kubectl gpu aks get-credentials -g rg -n c1 && kubectl gpu install"));
    }

    @Test
    void theGuidesCustomHeaderIsSentAsItsOwnHeaderWithAWarningThatTheImageIsRetired(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--custom-header", "UseGPUDedicatedVHD=true",
                "--custom-header", "AKSHTTPCustomFeatures=Microsoft.ContainerService/A,AKSHTTPCustomFeatures=Microsoft.ContainerService/B");

        assertEquals(0, run.exitCode(), run.toString());
        AksArmFake.Received put = arm.requests("PUT", "/agentPools/gpu$").get(0);
        assertEquals("true", put.headers().get("usegpudedicatedvhd"), put.headers().toString());
        assertEquals("Microsoft.ContainerService/A,Microsoft.ContainerService/B", put.headers().get("akshttpcustomfeatures"));
        assertThat(run.stderr(), containsString("Warning: the GPU-dedicated node image (UseGPUDedicatedVHD, feature "
                + "GPUDedicatedVHDPreview) was retired on 2025-01-10"));
        assertEquals(List.of("sku=gpu:NoSchedule"), List.of(put.body().at("/properties/nodeTaints/0").asText()));
    }

    @Test
    void managedGpuSetsTheNvidiaManagementModeWithThePreviewApiVersionThatDefinesIt(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "managed", "--managed-gpu");

        assertEquals(0, run.exitCode(), run.toString());
        AksArmFake.Received put = arm.requests("PUT", "/agentPools/managed$").get(0);
        assertEquals(ArmApi.CONTAINER_SERVICE_PREVIEW, put.apiVersion());
        assertEquals("Managed", put.body().at("/properties/gpuProfile/nvidia/managementMode").asText());
        assertEquals("Install", put.body().at("/properties/gpuProfile/driver").asText());
        assertThat(run.stderr(), containsString("do not install another device plugin there"));
        assertThat(run.stderr(), not(containsString("&& kubectl gpu install")));
    }

    @Test
    void anExistingPoolOrAMissingClusterIsReportedAndNothingIsCreated(QuarkusMainLauncher launcher) {
        Cli first = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu");
        assertEquals(0, first.exitCode(), first.toString());

        Cli again = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--node-vm-size", "Standard_NC8as_T4_v3");
        assertEquals(1, again.exitCode(), again.toString());
        assertThat(again.stderr(), containsString("node pool gpu already exists in cluster c1 (Standard_NC4as_T4_v3)"));

        Cli missing = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "nope", "-g", "rg", "--name", "gpu");
        assertEquals(1, missing.exitCode(), missing.toString());
        assertThat(missing.stderr(), containsString("managed cluster nope not found in resource group rg"));
        assertEquals(1, arm.requests("PUT", "/agentPools/").size());
    }

    @Test
    void invalidPoolsAreRefusedBeforeAnyCall(QuarkusMainLauncher launcher) {
        Cli mig = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--gpu-instance-profile", "MIG3g");
        assertEquals(2, mig.exitCode(), mig.toString());
        assertThat(mig.stderr(), containsString("Standard_NC4as_T4_v3 is not, and the profile cannot be changed after the pool exists"));

        Cli name = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "GPU_pool");
        assertEquals(2, name.exitCode(), name.toString());
        assertThat(name.stderr(), containsString("not a valid node pool name"));

        Cli managedNone = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--managed-gpu", "--gpu-driver", "None");
        assertEquals(2, managedNone.exitCode(), managedNone.toString());

        Cli header = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--custom-header", "Authorization=Bearer x");
        assertEquals(2, header.exitCode(), header.toString());

        Cli windows = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--os-sku", "Windows2022");
        assertEquals(2, windows.exitCode(), windows.toString());
        assertEquals(List.of(), arm.received);
    }

    @Test
    void dryRunShowsThePoolRequestWithItsCustomHeadersAndSendsNothing(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu",
                "--custom-header", "UseGPUDedicatedVHD=true", "--managed-gpu", "--dry-run", "-o", "json");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), arm.received);
        JsonNode requests = Json.parse(run.stdout());
        assertEquals(1, requests.size(), run.toString());
        assertEquals("PUT", requests.at("/0/method").asText());
        assertThat(requests.at("/0/url").asText(), containsString("/managedClusters/c1/agentPools/gpu?api-version="
                + ArmApi.CONTAINER_SERVICE_PREVIEW));
        assertEquals("true", requests.at("/0/headers/UseGPUDedicatedVHD").asText());
        assertEquals("Managed", requests.at("/0/body/properties/gpuProfile/nvidia/managementMode").asText());
        assertThat("the retirement warning is shown even with -o json", run.stderr(), containsString("retired on 2025-01-10"));
    }
}
