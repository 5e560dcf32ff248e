package io.kubectlgpu.aks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The aks commands against a real Azure subscription. Not part of the normal build (surefire runs *Test classes; this
 * is an *IT) and enabled only explicitly:
 *
 * <pre>
 *   az login   # or AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET of a service principal
 *   KUBECTL_GPU_LIVE_AZURE=1 AZURE_SUBSCRIPTION_ID=... [KUBECTL_GPU_LIVE_LOCATION=westeurope] \
 *     mvn test -Dtest=AksLiveAzureIT
 * </pre>
 *
 * Read-only by default (SKU list, feature state, a dry run). With KUBECTL_GPU_LIVE_AZURE_CREATE=1 as well it walks the
 * guide's journey for real and is billed: creates resource group kubectl-gpu-live-RANDOM with a one-node T4 cluster,
 * merges its credentials into a temporary kubeconfig, then deletes the resource group (without waiting).
 */
@QuarkusMainTest
@EnabledIfEnvironmentVariable(named = "KUBECTL_GPU_LIVE_AZURE", matches = "1")
class AksLiveAzureIT {
    static String location() {
        String l = System.getenv("KUBECTL_GPU_LIVE_LOCATION");
        return l == null || l.isBlank() ? "westeurope" : l;
    }

    @Test
    void sizesListsGpuSizesOfTheRegionFromTheRealSkuApi(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "sizes", "-l", location(), "-o", "json");

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode sizes = Json.parse(run.stdout());
        assertFalse(sizes.isEmpty(), "Azure offers GPU sizes in " + location() + run);
        for (JsonNode s : sizes) {
            assertTrue(Set.of("available", "restricted", "retired", "unsupported").contains(s.get("status").asText()), s.toString());
            assertTrue(s.get("name").asText().startsWith("Standard_N"), s.toString());
        }
    }

    @Test
    void featureShowReadsTheManagedGpuPreviewState(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "feature", "show", "ManagedGPUExperiencePreview", "-o", "json");

        assertEquals(0, run.exitCode(), run.toString());
        assertTrue(Set.of("NotRegistered", "Pending", "Registering", "Registered", "Unregistering", "Unregistered")
                .contains(Json.parse(run.stdout()).get("state").asText()), run.toString());
    }

    @Test
    @EnabledIfEnvironmentVariable(named = "KUBECTL_GPU_LIVE_AZURE_CREATE", matches = "1")
    void theGuidesJourneyCreatesAT4ClusterAndMergesItsCredentials(QuarkusMainLauncher launcher) throws Exception {
        String rg = "kubectl-gpu-live-" + Long.toHexString(System.nanoTime());
        Path kubeconfig = io.kubectlgpu.testing.TempFiles.directory("kubectl-gpu-live").resolve("kubeconfig");
        try {
            Cli create = Cli.run(launcher, "aks", "create", "-g", rg, "-n", "gpu", "-l", location(), "--gpu-only");
            assertEquals(0, create.exitCode(), create.toString());
            Cli creds = Cli.run(launcher, "aks", "get-credentials", "-g", rg, "-n", "gpu", "-f", kubeconfig.toString());
            assertEquals(0, creds.exitCode(), creds.toString());
            assertTrue(Files.readString(kubeconfig).contains("current-context: gpu"));
        } finally {
            AzureSettings s = AzureSettings.resolve(null, null, AzureSettings::setting, false, Duration.ofSeconds(10));
            AzureArm arm = AzureArm.connect(s, Console.discarding(), "kubectl-gpu-live-test");
            arm.resources().getResourceGroups().beginDelete(rg); // not waited for
            Files.deleteIfExists(kubeconfig);
        }
    }
}
