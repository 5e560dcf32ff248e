package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The quota and capacity preflight of aks create and aks nodepool add against the fake's resource SKUs and Compute
 * usages: nothing is created when the size is not offered, restricted, or beyond the family's or the region's free
 * vCPUs; --skip-quota-check sends anyway; a dry run says what the check would read. And aks sizes shows the quota.
 */
@QuarkusMainTest
class AksQuotaPreflightTest extends AksArmTestBase {
    /** A new subscription: no vCPUs for the T4 family in the region. */
    void newSubscription() {
        arm.setUsage("cores", 0, 10);
        arm.setUsage("standardDSv5Family", 0, 10);
        arm.setUsage("standardNCASv3_T4Family", 0, 0);
        arm.setUsage("StandardNCADSA100v4Family", 0, 0);
    }

    @Test
    void createRefusesAGpuFamilyWithoutQuotaBeforeCreatingAnythingAndNamesFamilyNumbersAndWhereToAsk(QuarkusMainLauncher launcher) {
        newSubscription();

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--node-count", "2");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: not enough quota for standardNCASv3_T4Family in westeurope: "
                + "8 vCPUs needed (Standard_NC4as_T4_v3 x2), 0 used of 0 allowed"));
        assertThat(run.stderr(), containsString(QuotaPreflight.QUOTA_PAGE));
        assertThat(run.stderr(), containsString("--skip-quota-check"));
        assertEquals(1, run.stderr().lines().filter(l -> l.startsWith("error:")).count(), run.toString());
        assertEquals(List.of(), arm.requests("PUT", ".*"), "neither the group nor the cluster is created");
        AksArmFake.Received usages = arm.requests("GET", "/providers/Microsoft.Compute/locations/westeurope/usages$").get(0);
        assertEquals(ArmApi.COMPUTE_USAGES, usages.apiVersion());
        assertEquals("location eq 'westeurope'", arm.requests("GET", "/providers/Microsoft.Compute/skus$").get(0).query().get("$filter"));
    }

    @Test
    void theRegionalTotalCountsEveryPool(QuarkusMainLauncher launcher) {
        arm.setUsage("cores", 340, 350);
        arm.setUsage("standardDSv5Family", 0, 100);
        arm.setUsage("standardNCASv3_T4Family", 0, 100);

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--system-node-count", "2",
                "--node-count", "2");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("not enough quota for Total Regional vCPUs in westeurope: 12 vCPUs needed "
                + "(all pools), 340 used of 350 allowed"));
        assertEquals(List.of(), arm.requests("PUT", ".*"));
    }

    @Test
    void skipQuotaCheckSendsAnywayAndArmsOwnQuotaErrorIsReported(QuarkusMainLauncher launcher) {
        newSubscription();
        arm.failNextOperation("ErrCode_InsufficientVCPUQuota", "Insufficient regional vcpu quota left for location westeurope.");

        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--skip-quota-check");

        assertEquals(1, run.exitCode(), run.toString());
        assertEquals(0, arm.requests("GET", "/usages$").size(), "no preflight");
        assertEquals(1, arm.requests("PUT", "/managedClusters/c1$").size());
        assertThat(run.stderr(), containsString("not enough quota for size Standard_NC4as_T4_v3 x1 in westeurope: ErrCode_InsufficientVCPUQuota"));
    }

    @Test
    void withQuotaTheCreateGoesOnAndSaysWhatItFound(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("quota: standardNCASv3_T4Family in westeurope: 4 vCPUs needed "
                + "(Standard_NC4as_T4_v3 x1), 0 used of 64 allowed"));
        assertEquals(1, arm.requests("PUT", "/managedClusters/c1$").size());
    }

    @Test
    void nodepoolAddRefusesASizeNotOfferedOrRestrictedInTheClustersRegion(QuarkusMainLauncher launcher) {
        arm.addCluster("rg", "c1", "eastus");
        arm.addSku(AksArmFake.vmSku("Standard_NC4as_T4_v3", "standardNCASv3_T4Family", Map.of("vCPUs", "4", "GPUs", "1"),
                "NotAvailableForSubscription", List.of(), "eastus"));
        arm.addSku(AksArmFake.vmSku("Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family", Map.of("vCPUs", "24", "GPUs", "1"),
                null, List.of("2"), "westeurope"));

        Cli restricted = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu");
        assertEquals(1, restricted.exitCode(), restricted.toString());
        assertThat(restricted.stderr(), containsString("size Standard_NC4as_T4_v3 is restricted for this subscription in eastus "
                + "(NotAvailableForSubscription)"));

        Cli absent = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "a100",
                "--node-vm-size", "Standard_NC24ads_A100_v4");
        assertEquals(1, absent.exitCode(), absent.toString());
        assertThat(absent.stderr(), containsString("size Standard_NC24ads_A100_v4 is not offered in eastus"));
        assertEquals(List.of(), arm.requests("PUT", ".*"));
    }

    @Test
    void nodepoolAddCountsTheAutoscalersMinimumAndWarnsAboutItsMaximum(QuarkusMainLauncher launcher) {
        arm.addCluster("rg", "c1", "westeurope");
        arm.setUsage("StandardNCADSA100v4Family", 24, 96);

        Cli run = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "a100",
                "--node-vm-size", "Standard_NC24ads_A100_v4", "--enable-autoscaler", "--min-count", "1", "--max-count", "4");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("quota: StandardNCADSA100v4Family in westeurope: 24 vCPUs needed "
                + "(Standard_NC24ads_A100_v4 x1), 24 used of 96 allowed"));
        assertThat(run.stderr(), containsString("the autoscaler may grow Standard_NC24ads_A100_v4 x1 to 96 vCPUs of "
                + "StandardNCADSA100v4Family, but only 72 are free in westeurope"));

        arm.setUsage("StandardNCADSA100v4Family", 80, 96);
        Cli full = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "more",
                "--node-vm-size", "Standard_NC24ads_A100_v4");
        assertEquals(1, full.exitCode(), full.toString());
        assertThat(full.stderr(), containsString("24 vCPUs needed (Standard_NC24ads_A100_v4 x1), 80 used of 96 allowed"));
        assertEquals(1, arm.requests("PUT", "/agentPools/").size(), "only the pool that fits was created");
    }

    @Test
    void aDryRunSaysWhatThePreflightWouldReadAndSendsNothing(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c1", "-l", "westeurope", "--dry-run");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), arm.received);
        assertThat(run.stdout(), containsString("# sent after the quota preflight, which reads GET " + arm.url() + "/subscriptions/"
                + AksArmFake.SUBSCRIPTION + "/providers/Microsoft.Compute/locations/westeurope/usages?api-version=" + ArmApi.COMPUTE_USAGES));
        assertThat(run.stdout(), containsString("#   Standard_NC4as_T4_v3 x1 = 4 vCPUs (by its name)"));
        assertThat(run.stdout(), containsString("#   Standard_D2s_v5 x1 = 2 vCPUs (by its name)"));

        Cli skip = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c1", "-g", "rg", "--name", "gpu", "--dry-run",
                "--skip-quota-check", "-o", "json");
        assertEquals("no quota preflight (--skip-quota-check)", Json.parse(skip.stdout()).at("/0/note").asText(), skip.toString());
        assertEquals(List.of(), arm.received);
    }

    @Test
    void sizesShowTheFamilysFreeQuotaAndRestrictedZones(QuarkusMainLauncher launcher) {
        arm.addSku(AksArmFake.vmSku("Standard_NC4as_T4_v3", "standardNCASv3_T4Family", Map.of("vCPUs", "4", "MemoryGB", "28",
                "GPUs", "1"), null, List.of("2"), "westeurope"));
        arm.addSku(AksArmFake.vmSku("Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family", Map.of("vCPUs", "24",
                "MemoryGB", "220", "GPUs", "1"), null, List.of(), "westeurope"));
        arm.setUsage("standardNCASv3_T4Family", 4, 16);

        // the default table: free/limit of the family's vCPUs, and the zones where the size is restricted
        Cli table = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");
        assertEquals(0, table.exitCode(), table.toString());
        List<String> rows = table.stdout().lines().toList();
        assertThat(table.toString(), rows.get(0), containsString("MEMORY   QUOTA FREE   STATUS      NOTE"));
        assertThat(table.toString(), rows.get(1), containsString(
                "28Gi     12/16        available   recommended minimum; restricted in zone 2"));
        assertThat("no usage reported for the A100 family", rows.get(2), containsString("220Gi    <none>       available   MIG"));

        Cli wide = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "-o", "wide");
        assertEquals(0, wide.exitCode(), wide.toString());
        List<String> lines = wide.stdout().lines().toList();
        assertThat(lines.get(0), containsString("FAMILY                      ZONES   RESTRICTED ZONES"));
        assertThat(lines.get(1), containsString("standardNCASv3_T4Family     1,2,3   2"));
        assertThat(lines.get(2), containsString("StandardNCADSA100v4Family   1,2,3"));

        Cli json = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "-o", "json");
        JsonNode t4 = Json.parse(json.stdout()).get(0);
        assertEquals(12, t4.get("quotaFree").asInt(), json.toString());
        assertEquals(4, t4.get("quotaUsed").asInt());
        assertEquals(16, t4.get("quotaLimit").asInt());
        assertEquals("[\"2\"]", t4.get("restrictedZones").toString());
        assertThat(json.stdout(), not(containsString("Standard_D2s_v5")));
    }
}
