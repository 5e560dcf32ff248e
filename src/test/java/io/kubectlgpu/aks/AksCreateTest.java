package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** aks create against the local ARM fake: the requests it sends, waiting, errors, dry run. */
@QuarkusMainTest
class AksCreateTest extends AksArmTestBase {
    @Test
    void createsTheResourceGroupAndAClusterWithACpuSystemPoolAndATaintedT4PoolAndWaitsUntilSucceeded(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "myResourceGroup", "-n", "myAKSCluster", "-l", "westeurope");

        assertEquals(0, run.exitCode(), run.toString());
        List<AksArmFake.Received> rgPuts = arm.requests("PUT", "/resourcegroups/myResourceGroup$");
        assertEquals(1, rgPuts.size(), run.toString());
        assertEquals(ArmApi.RESOURCES, rgPuts.get(0).apiVersion());
        assertEquals("westeurope", rgPuts.get(0).body().get("location").asText());

        List<AksArmFake.Received> puts = arm.requests("PUT", "/managedClusters/myAKSCluster$");
        assertEquals(1, puts.size(), run.toString());
        AksArmFake.Received put = puts.get(0);
        assertEquals(ArmApi.CONTAINER_SERVICE, put.apiVersion());
        assertEquals("*", put.headers().get("if-none-match"));
        assertEquals("westeurope", put.body().get("location").asText());
        JsonNode pools = put.body().at("/properties/agentPoolProfiles");
        assertEquals(2, pools.size(), put.body().toString());
        JsonNode system = pools.get(0);
        assertEquals("system", system.get("name").asText());
        assertEquals("System", system.get("mode").asText());
        assertEquals("Standard_D2s_v5", system.get("vmSize").asText());
        assertFalse(system.has("gpuProfile"));
        JsonNode gpu = pools.get(1);
        assertEquals("gpu", gpu.get("name").asText());
        assertEquals("User", gpu.get("mode").asText());
        assertEquals("Standard_NC4as_T4_v3", gpu.get("vmSize").asText());
        assertEquals(1, gpu.get("count").asInt());
        assertEquals("[\"sku=gpu:NoSchedule\"]", gpu.get("nodeTaints").toString());
        assertEquals("Install", gpu.at("/gpuProfile/driver").asText());
        assertFalse(gpu.at("/gpuProfile").has("nvidia"));

        // ARM's long-running operation: polled through Azure-AsyncOperation until Succeeded, then the cluster read back
        assertEquals(3, arm.requests("GET", "/locations/westeurope/operations/").size(), run.toString());
        assertEquals("Succeeded", arm.resource(AksArmFake.clusterId("myResourceGroup", "myAKSCluster"))
                .at("/properties/provisioningState").asText());
        assertThat(run.stderr(), containsString("managed cluster myAKSCluster: Creating"));
        assertThat(run.stderr(), containsString("managed cluster myAKSCluster: Succeeded"));
        assertThat(run.stderr(), containsString("next: kubectl gpu aks get-credentials -g myResourceGroup -n myAKSCluster"));
        assertThat(run.stdout(), containsString("gpu      User     Standard_NC4as_T4_v3   1       Install      sku=gpu:NoSchedule   Succeeded"));
    }

    @Test
    void gpuOnlyCreatesTheGuidesSingleGpuPoolClusterInAnExistingGroupWithoutTaintsAndWithTheGivenDriver(QuarkusMainLauncher launcher) {
        arm.addResourceGroup("rg", "eastus");

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "guide", "--gpu-only", "--node-count", "2",
                "--node-vm-size", "Standard_NC24ads_A100_v4", "--gpu-driver", "None", "-o", "json");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(0, arm.requests("PUT", "/resourcegroups/rg$").size(), "an existing group is left alone");
        JsonNode pools = arm.requests("PUT", "/managedClusters/guide$").get(0).body().at("/properties/agentPoolProfiles");
        assertEquals(1, pools.size());
        JsonNode only = pools.get(0);
        assertEquals("System", only.get("mode").asText());
        assertEquals("Standard_NC24ads_A100_v4", only.get("vmSize").asText());
        assertEquals(2, only.get("count").asInt());
        assertFalse(only.has("nodeTaints"), "a taint on the only pool would keep CoreDNS off every node");
        assertEquals("None", only.at("/gpuProfile/driver").asText());
        assertEquals("eastus", arm.requests("PUT", "/managedClusters/guide$").get(0).body().get("location").asText(),
                "the group's region is used without -l");
        JsonNode out = io.kubectlgpu.aks.Json.parse(run.stdout());
        assertEquals("Succeeded", out.get("provisioningState").asText(), run.toString());
        assertEquals("None", out.at("/pools/0/gpuDriver").asText());
        assertThat("json output keeps stderr quiet", run.stderr(), not(containsString("Creating")));
    }

    @Test
    void noWaitReturnsAfterArmAcceptedTheRequestWithoutPolling(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--no-wait");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, arm.requests("PUT", "/managedClusters/c1$").size());
        assertEquals(0, arm.requests("GET", "/operations/").size(), run.toString());
        assertThat(run.stderr(), containsString("not waiting (--no-wait)"));
        assertThat(run.stdout(), containsString("Creating"));
    }

    @Test
    void dryRunPrintsEveryRequestWithApiVersionHeadersAndBodyAndSendsNothingNotEvenForAToken(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "West Europe", "--dry-run",
                "--custom-header", "AKSHTTPCustomFeatures=Microsoft.ContainerService/SomePreview", "-v");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), arm.received, "a dry run sends nothing");
        String base = arm.url() + "/subscriptions/" + AksArmFake.SUBSCRIPTION;
        assertThat(run.stdout(), containsString("PUT " + base + "/resourcegroups/rg?api-version=" + ArmApi.RESOURCES));
        assertThat(run.stdout(), containsString("PUT " + base
                + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1?api-version=" + ArmApi.CONTAINER_SERVICE));
        assertThat(run.stdout(), containsString("AKSHTTPCustomFeatures: Microsoft.ContainerService/SomePreview"));
        assertThat(run.stdout(), containsString("If-None-Match: *"));
        assertThat(run.stdout(), containsString("\"vmSize\": \"Standard_NC4as_T4_v3\""));
        assertThat(run.stdout(), containsString("\"location\": \"westeurope\""));
        assertThat(run.stdout(), containsString("\"driver\": \"Install\""));
        assertThat(run.stdout(), not(containsString("Authorization")));
    }

    @Test
    void invalidInputIsReportedBeforeAnythingIsSent(QuarkusMainLauncher launcher) {
        Map<List<String>, String> cases = Map.of(
                List.of("--node-vm-size", "Standard_NC6"), "NC (K80) is retired",
                List.of("--node-vm-size", "Standard_NC6s_v3"), "retired on 2025-09-30",
                List.of("--node-vm-size", "Standard_D4s_v5"), "has no GPU",
                List.of("--node-vm-size", "Standard_NV8as_v4"), "AMD",
                List.of("--enable-autoscaler", "--min-count", "3", "--max-count", "1"), "out of range",
                List.of("--min-count", "1"), "need --enable-autoscaler",
                List.of("--gpu-instance-profile", "MIG1g"), "needs a MIG-capable size",
                List.of("--gpu-driver", "Skip"), "is not Install or None",
                List.of("--taint", "gpu"), "is not KEY[=VALUE]:EFFECT");
        for (var c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope"));
            args.addAll(c.getKey());
            Cli run = Cli.run(launcher, args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.toString());
            assertThat(run.toString(), run.stderr(), containsString(c.getValue()));
        }
        Cli badName = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "-bad-", "-l", "westeurope");
        assertEquals(2, badName.exitCode(), badName.toString());
        assertThat(badName.stderr(), containsString("cluster name '-bad-' is invalid"));
        Cli badRegion = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "west_europe!");
        assertEquals(2, badRegion.exitCode(), badRegion.toString());
        assertThat(badRegion.stderr(), containsString("is not an Azure region name"));
        Cli gpuOnlyTaint = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--gpu-only",
                "--taint", "sku=gpu:NoSchedule");
        assertEquals(2, gpuOnlyTaint.exitCode(), gpuOnlyTaint.toString());
        assertThat(gpuOnlyTaint.stderr(), containsString("CoreDNS"));
        assertEquals(List.of(), arm.received, "nothing is sent for invalid input");
    }

    @Test
    void quotaFailureOfTheOperationReportsArmsCodeAndMessageWithSizeAndRegion(QuarkusMainLauncher launcher) {
        arm.failNextOperation("ErrCode_InsufficientVCPUQuota",
                "Insufficient regional vcpu quota left for location westeurope. left regional vcpu quota 0, requested quota 4.");

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: not enough quota for size Standard_NC4as_T4_v3 x1 in westeurope: "
                + "ErrCode_InsufficientVCPUQuota: Insufficient regional vcpu quota left for location westeurope"));
        assertThat(run.stderr(), containsString("Quotas"));
    }

    @Test
    void noCapacityOfTheOperationIsACapacityFailureWithSizeAndRegion(QuarkusMainLauncher launcher) {
        // ARM's answer when the region has no machines of that size left (not a quota: more quota would not help)
        arm.failNextOperation("AllocationFailed", "Allocation failed. We do not have sufficient capacity for the requested "
                + "VM size in this region.");

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: no capacity for size Standard_NC4as_T4_v3 x1 in westeurope: "
                + "AllocationFailed: Allocation failed. We do not have sufficient capacity"));
        assertThat(run.stderr(), containsString("try another region or --node-vm-size"));
        assertThat(run.stderr(), not(containsString("Quotas")));
    }

    @Test
    void aConflictAnsweredByArmIsOneLineAndExit1(QuarkusMainLauncher launcher) {
        // another client changes the cluster at the same moment: ARM refuses the PUT with 409
        arm.fail("PUT", "/managedClusters/c1$", 409, "OperationNotAllowed",
                "Operation is not allowed because there's an in progress create managed cluster operation.", Map.of(), 1);

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: conflict: Operation is not allowed because there's an in progress "
                + "create managed cluster operation. (409 OperationNotAllowed)"));
        assertEquals(1, run.stderr().lines().filter(l -> l.startsWith("error: ")).count(), run.stderr());
    }

    @Test
    void anExistingClusterIsAConflictAndNothingIsChanged(QuarkusMainLauncher launcher) {
        arm.addCluster("rg", "c1", "westeurope");

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("managed cluster c1 already exists in resource group rg"));
        assertThat(run.stderr(), containsString("kubectl gpu aks nodepool add --cluster c1 -g rg"));
        assertEquals(0, arm.requests("PUT", ".*").size());
    }

    @Test
    void forbiddenNamesThePermissionAndTheScope(QuarkusMainLauncher launcher) {
        arm.addResourceGroup("rg", "westeurope");
        arm.fail("PUT", "/managedClusters/c1$", 403, "AuthorizationFailed",
                "The client 'x' with object id 'y' does not have authorization to perform action "
                        + "'Microsoft.ContainerService/managedClusters/write' over scope '...'", Map.of(), 1);

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1");

        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("forbidden: the signed-in identity may not perform "
                + "'Microsoft.ContainerService/managedClusters/write' on scope '/subscriptions/" + AksArmFake.SUBSCRIPTION
                + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1' (403 AuthorizationFailed)"));
        assertThat(run.stderr(), containsString("Azure Kubernetes Service Contributor Role"));
    }

    @Test
    void throttlingIsRetriedAfterTheRetryAfterArmAsksFor(QuarkusMainLauncher launcher) {
        arm.addResourceGroup("rg", "westeurope");
        arm.fail("PUT", "/managedClusters/c1$", 429, "TooManyRequests", "Too many requests, retry after 2 seconds.",
                Map.of("Retry-After", "2"), 1);

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1");

        assertEquals(0, run.exitCode(), run.toString());
        List<AksArmFake.Received> puts = arm.requests("PUT", "/managedClusters/c1$");
        assertEquals(2, puts.size(), run.toString());
        Duration gap = Duration.between(puts.get(0).at(), puts.get(1).at());
        assertTrue(gap.compareTo(Duration.ofMillis(1900)) >= 0, "retried after " + gap + ", Retry-After asked for 2s");
        assertThat(run.stderr(), containsString("Azure is throttling requests (429); retrying after 2s"));
    }

    @Test
    void noTokenOrSecretAppearsInAnyOutputEvenVerbose(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "-v");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat("-v shows the requests", run.stderr(), containsString("> PUT " + arm.url()));
        assertThat(run.stdout() + run.stderr(), not(containsString(arm.token)));
        assertThat(run.stdout() + run.stderr(), not(containsString(AksArmFake.CLIENT_SECRET)));
        assertTrue(arm.received.stream().anyMatch(AksArmFake.Received::isToken), "the token came from the fake's token endpoint");
    }
}
