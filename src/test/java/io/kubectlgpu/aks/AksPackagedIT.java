package io.kubectlgpu.aks;

import static io.kubectlgpu.aks.AksSizesTest.vm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * aks in what users install (the native executable after mvn -Pnative verify): the Azure SDK's pipeline over HTTPS to
 * the local ARM fake, a credential from the environment, paging, and a dry run serialised by the SDK. The executable
 * runs as a process with the environment AksTestEnv sets up and the fake's trust store.
 */
class AksPackagedIT extends AksArmTestBase {
    private static Testenv.Result kubectlGpu(String... args) {
        // 120 s: a command against a local fake; only a hung process comes near it
        return Testenv.exec(PackagedApp.process(List.of(args)), 120);
    }

    @Test
    void sizesComeFromTheSkuApiOverHttps() {
        arm.addSku(vm("Standard_NC4as_T4_v3", "standardNCASv3_T4Family", Map.of("vCPUs", "4", "MemoryGB", "28", "GPUs", "1"), null, "westeurope"));
        arm.addSku(vm("Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family", Map.of("vCPUs", "24", "MemoryGB", "220", "GPUs", "1"), null, "westeurope"));

        Testenv.Result run = kubectlGpu("aks", "sizes", "-l", "westeurope");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("Standard_NC4as_T4_v3"));
        assertThat(run.toString(), run.stdout(), containsString("Standard_NC24ads_A100_v4"));
        assertThat(run.toString(), arm.requests("GET", "/providers/Microsoft.Compute/skus$").size(), org.hamcrest.Matchers.greaterThan(0));
    }

    @Test
    void aDryRunPrintsTheSdkSerialisedBodyAndSendsNothingThatChanges() {
        Testenv.Result run = kubectlGpu("aks", "create", "-g", "rg", "-n", "c", "-l", "westeurope", "--dry-run");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("Standard_NC4as_T4_v3"));
        assertThat(run.toString(), run.stdout(), containsString("sku=gpu:NoSchedule"));
        assertEquals(0, arm.requests("PUT", ".*").size(), "a dry run changes nothing");
    }
}
