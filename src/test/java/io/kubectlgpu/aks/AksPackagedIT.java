package io.kubectlgpu.aks;

import static io.kubectlgpu.aks.AksSizesTest.vm;
import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

    @Test
    void createWaitsForArmsLongRunningOperationUntilTheClusterSucceeded() {
        Testenv.Result run = kubectlGpu("aks", "create", "-g", "rg", "-n", "native", "-l", "westeurope");

        assertEquals(0, run.exitCode(), run.toString());
        List<AksArmFake.Received> puts = arm.requests("PUT", "/managedClusters/native$");
        assertEquals(1, puts.size(), run.toString());
        assertEquals("Standard_NC4as_T4_v3", puts.get(0).body().at("/properties/agentPoolProfiles/1/vmSize").asText());
        assertEquals("Install", puts.get(0).body().at("/properties/agentPoolProfiles/1/gpuProfile/driver").asText());
        // polled through Azure-AsyncOperation until Succeeded, by the SDK's poller in the native executable
        assertEquals(3, arm.requests("GET", "/locations/westeurope/operations/").size(), run.toString());
        assertEquals("Succeeded", arm.resource(AksArmFake.clusterId("rg", "native")).at("/properties/provisioningState").asText());
        assertThat(run.toString(), run.stderr(), containsString("managed cluster native: Succeeded"));
        assertThat(run.toString(), run.stderr(), containsString("next: kubectl gpu aks get-credentials -g rg -n native"));
    }

    @Test
    void aQuotaFailureOfTheOperationIsOneLineWithArmsCode() {
        arm.failNextOperation("ErrCode_InsufficientVCPUQuota",
                "Insufficient regional vcpu quota left for location westeurope. left regional vcpu quota 0, requested quota 4.");

        Testenv.Result run = kubectlGpu("aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("error: not enough quota for size Standard_NC4as_T4_v3 x1 in westeurope: "
                + "ErrCode_InsufficientVCPUQuota"));
        assertThat(run.toString(), run.stderr(), not(containsString("\tat ")));
    }

    @Test
    void getCredentialsWritesTheKubeconfigOwnerOnlyAndPrintsNoCredential() throws Exception {
        arm.addCluster("rg", "c1", "westeurope");
        arm.setUserKubeconfig("c1", AksGetCredentialsTest.USER_KUBECONFIG);
        Path file = AksTestEnv.emptyDir("kube").resolve("nested/config");

        Testenv.Result run = kubectlGpu("aks", "get-credentials", "-g", "rg", "-n", "c1", "--file", file.toString(), "-v");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(file.toString(), run.stdout().strip());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, Object> config = AksGetCredentialsTest.load(file);
        assertEquals("c1", config.get("current-context"));
        assertEquals(List.of("clusterUser_rg_c1"), AksGetCredentialsTest.names(config, "users"));
        for (String secret : List.of(AksGetCredentialsTest.CERT, AksGetCredentialsTest.KEY, AksGetCredentialsTest.TOKEN, arm.token,
                AksArmFake.CLIENT_SECRET)) {
            assertThat(run.toString(), run.stdout() + run.stderr(), not(containsString(secret)));
        }
    }
}
