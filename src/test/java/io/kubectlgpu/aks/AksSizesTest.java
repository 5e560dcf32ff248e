package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aks sizes against the fake's resource SKU API (two pages). */
@QuarkusMainTest
class AksSizesTest extends AksArmTestBase {
    @BeforeEach
    void reset() {
        arm.addSku(vm("Standard_D4s_v5", "standardDSv5Family", Map.of("vCPUs", "4", "MemoryGB", "16"), null, "westeurope"));
        arm.addSku(vm("Standard_NC4as_T4_v3", "standardNCASv3_T4Family", Map.of("vCPUs", "4", "MemoryGB", "28", "GPUs", "1"), null, "westeurope"));
        arm.addSku(vm("Standard_NC6s_v3", "standardNCSv3Family", Map.of("vCPUs", "6", "MemoryGB", "112", "GPUs", "1"), null, "westeurope"));
        arm.addSku(vm("Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family", Map.of("vCPUs", "24", "MemoryGB", "220", "GPUs", "1"), null, "westeurope"));
        arm.addSku(vm("Standard_ND96asr_v4", "standardNDASv4_A100Family", Map.of("vCPUs", "96", "MemoryGB", "900", "GPUs", "8"),
                "NotAvailableForSubscription", "westeurope"));
        arm.addSku(vm("Standard_NV8as_v4", "standardNVSv4Family", Map.of("vCPUs", "8", "MemoryGB", "28"), null, "westeurope"));
        arm.addSku(vm("Standard_NC8as_T4_v3", "standardNCASv3_T4Family", Map.of("vCPUs", "8", "MemoryGB", "56", "GPUs", "1"), null, "eastus"));
        ObjectNode disk = Json.object();
        disk.put("resourceType", "disks").put("name", "Premium_LRS").putArray("locations").add("westeurope");
        arm.addSku(disk);
    }

    @Test
    void listsTheGpuSizesOfTheRegionFromAllPagesAndMarksRetiredUnsupportedRestrictedAndRecommended(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");

        assertEquals(0, run.exitCode(), run.toString());
        List<AksArmFake.Received> gets = arm.requests("GET", "/providers/Microsoft.Compute/skus$");
        assertEquals(2, gets.size(), "followed nextLink " + gets);
        assertEquals(ArmApi.COMPUTE_SKUS, gets.get(0).apiVersion());
        assertEquals("location eq 'westeurope'", gets.get(0).query().get("$filter"));
        List<String> lines = run.stdout().lines().toList();
        // the fake's default usages: a subscription granted 64 T4 and 96 A100 vCPUs, none for ND
        assertEquals("NAME                       GPUS   GPU                        VCPUS   MEMORY   QUOTA FREE   STATUS        NOTE", lines.get(0));
        assertThat(lines.get(1), containsString("Standard_NC4as_T4_v3       1      NVIDIA T4                  4       28Gi     64/64        available     recommended minimum"));
        assertThat(lines.get(2), containsString("Standard_NC24ads_A100_v4   1      NVIDIA A100 80GB           24      220Gi    96/96        available     MIG"));
        assertThat(lines.get(3), containsString("Standard_ND96asr_v4        8      NVIDIA A100 40GB           96      900Gi    <none>       restricted    NotAvailableForSubscription"));
        assertThat(lines.get(4), containsString("Standard_NV8as_v4"));
        assertThat(lines.get(4), containsString("unsupported   NVv4 has AMD GPUs"));
        assertThat(lines.get(5), containsString("Standard_NC6s_v3"));
        assertThat(lines.get(5), containsString("retired       NCv3 (V100) was retired on 2025-09-30"));
        assertEquals(6, lines.size(), run.toString());
        assertThat("no CPU sizes", run.stdout(), not(containsString("Standard_D4s_v5")));
        assertThat("other regions are not listed", run.stdout(), not(containsString("Standard_NC8as_T4_v3")));
    }

    @Test
    void jsonCarriesRestrictionAndZones(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "-o", "json");

        assertEquals(0, run.exitCode(), run.toString());
        JsonNode sizes = Json.parse(run.stdout());
        JsonNode nd = null;
        for (JsonNode s : sizes) {
            if (s.get("name").asText().equals("Standard_ND96asr_v4")) {
                nd = s;
            }
        }
        assertEquals("restricted", nd.get("status").asText(), run.toString());
        assertEquals("NotAvailableForSubscription", nd.get("restriction").asText());
        assertEquals(8, nd.get("gpus").asInt());
        assertEquals("[\"1\",\"2\",\"3\"]", nd.get("zones").toString());
    }

    @Test
    void aRegionWithoutGpuSizesIsAFriendlySentence(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "northeurope");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.stdout());
        assertThat(run.stderr(), containsString("no GPU VM sizes are offered in northeurope for this subscription"));
    }

    static ObjectNode vm(String name, String family, Map<String, String> capabilities, String restriction, String location) {
        return AksArmFake.vmSku(name, family, capabilities, restriction, List.of(), location);
    }
}
