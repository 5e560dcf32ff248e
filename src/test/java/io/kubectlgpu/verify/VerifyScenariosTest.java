package io.kubectlgpu.verify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.kubectlgpu.testing.Cli;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One node per way GPUs go missing (src/test/resources/verify/broken-cluster.yaml) on a full kwok
 * cluster; each test checks that verify finds its case, with the node, the evidence and the fix.
 */
@QuarkusMainTest
class VerifyScenariosTest {
    static final KwokCluster CLUSTER = Testenv.cluster("verify-broken");
    static JsonPath report;
    static Cli jsonRun;

    @BeforeAll
    static void buildScenarios() throws Exception {
        Path logs = io.kubectlgpu.testing.TempFiles.directory("plugin-logs");
        // CRI log format, as kubelets store container logs; kwok serves them through the real logs API
        Files.writeString(logs.resolve("nvml.log"), """
                2026-11-29T05:00:00.000000000Z stderr F I1129 Starting NVIDIA device plugin
                2026-11-29T05:00:01.000000000Z stderr F E1129 Failed to initialize NVML: could not load NVML library.
                2026-11-29T05:00:01.100000000Z stderr F E1129 If this is a GPU node, did you set the docker default runtime to `nvidia`?
                2026-11-29T05:00:01.100000000Z stderr F E1129 You can check the prerequisites at: https://github.com/NVIDIA/k8s-device-plugin#prerequisites
                2026-11-29T05:00:01.100000000Z stderr F E1129 You can learn how to set the runtime at: https://github.com/NVIDIA/k8s-device-plugin#quick-start
                2026-11-29T05:00:01.100000000Z stderr F E1129 If this is not a GPU node, you should set up a toleration or nodeSelector to only deploy this plugin on GPU nodes
                """);
        Files.writeString(logs.resolve("nodevices.log"), """
                2026-11-29T05:00:00.000000000Z stderr F I1129 Starting NVIDIA device plugin
                2026-11-29T05:00:02.000000000Z stderr F I1129 No devices found. Waiting indefinitely.
                """);
        CLUSTER.apply(Files.readString(Path.of("src/test/resources/verify/broken-cluster.yaml")));
        CLUSTER.apply("""
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: crashing-plugin-logs}
                spec:
                  selector: {matchNamespaces: [crashing-plugin]}
                  logs: [{containers: [nvidia-device-plugin-ctr], logsFile: %s}]
                ---
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: legacy-plugin-logs}
                spec:
                  selector: {matchNamespaces: [legacy-plugin]}
                  logs: [{containers: [nvidia-device-plugin-ctr], logsFile: %s}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: training-3gpu, namespace: default}
                spec:
                  containers: [{name: train, image: cuda, resources: {limits: {nvidia.com/gpu: 3}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: too-big-16gpu, namespace: default}
                spec:
                  containers: [{name: train, image: cuda, resources: {limits: {nvidia.com/gpu: 16}}}]
                """.formatted(logs.resolve("nvml.log"), logs.resolve("nodevices.log")));
        CLUSTER.kubectl("wait", "--for=condition=Ready", "pod/training-3gpu", "--timeout=60s");
        CLUSTER.kubectl("wait", "--for=condition=PodScheduled=False", "pod/too-big-16gpu", "--timeout=60s");
        // every plugin pod the DaemonSet controller will create exists, and the crash-looping one crashed
        CLUSTER.kubectl("wait", "--for=jsonpath={.status.numberAvailable}=5", "ds/nvidia-device-plugin-daemonset",
                "-n", "legacy-plugin", "--timeout=60s");
        CLUSTER.kubectl("wait", "--for=jsonpath={.status.currentNumberScheduled}=1", "ds/nvidia-device-plugin",
                "-n", "crashing-plugin", "--timeout=60s");
        CLUSTER.kubectl("wait", "--for=jsonpath={.status.numberAvailable}=1", "ds/operator-device-plugin",
                "-n", "crashing-plugin", "--timeout=60s");
    }

    private static JsonPath report(QuarkusMainLauncher launcher) {
        if (report == null) {
            jsonRun = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "-o", "json");
            assertEquals(1, jsonRun.exitCode(), jsonRun.toString());
            report = JsonPath.from(jsonRun.stdout());
        }
        return report;
    }

    private static Map<String, Object> finding(QuarkusMainLauncher launcher, String id, String node) {
        List<Map<String, Object>> findings = report(launcher).getList("findings");
        return findings.stream().filter(f -> f.get("id").equals(id) && ((List<?>) f.get("nodes")).contains(node)).findFirst()
                .orElseThrow(() -> new AssertionError("no finding " + id + " for " + node + " in " + jsonRun));
    }

    private static Map<String, Object> node(QuarkusMainLauncher launcher, String name) {
        List<Map<String, Object>> nodes = report(launcher).getList("nodes");
        return nodes.stream().filter(n -> n.get("name").equals(name)).findFirst().orElseThrow();
    }

    @Test
    void untoleratedTaintIsNamed(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "plugin-untolerated-taint", "aks-gpu-tainted");
        assertThat(f.toString(), (String) f.get("evidence"), containsString("does not tolerate the taint sku=gpu:NoSchedule"));
        assertThat(f.toString(), (String) f.get("fix"), containsString("--toleration sku=gpu:NoSchedule"));
        assertEquals("no nvidia.com/gpu advertised", node(launcher, "aks-gpu-tainted").get("status"));
        assertEquals("none", node(launcher, "aks-gpu-tainted").get("plugin"));
    }

    @Test
    void selectorMismatchIsFound(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "plugin-placement-mismatch", "aks-gpu-unselected");
        assertThat(f.toString(), (String) f.get("evidence"), containsString("no device plugin DaemonSet selects aks-gpu-unselected"));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("legacy-plugin/nvidia-device-plugin-daemonset (nodeSelector accelerator=nvidia)"));
    }

    @Test
    void crashLoopingPluginIsExplainedFromItsLog(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "plugin-not-ready", "gpu-crashing");
        assertThat(f.toString(), (String) f.get("message"), containsString("CrashLoopBackOff, 5 restarts"));
        assertThat(f.toString(), (String) f.get("message"), containsString("the container runtime is not nvidia or the driver is missing"));
        // the line that explains it, not the plugin's generic hints printed after it
        assertThat(f.toString(), (String) f.get("evidence"), containsString("Failed to initialize NVML: could not load NVML library."));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("[nvml-not-loaded]"));
        assertEquals("plugin CrashLoopBackOff", node(launcher, "gpu-crashing").get("status"));
    }

    @Test
    void pluginRunningWithoutDevicesIsExplainedFromItsLog(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "gpu-not-advertised", "gpu-no-devices");
        assertThat(f.toString(), (String) f.get("evidence"), containsString("No devices found. Waiting indefinitely."));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("[no-devices]"));
        assertEquals("Running", node(launcher, "gpu-no-devices").get("plugin"));
    }

    @Test
    void doubleRegistrationIsFound(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "double-registration", "gpu-double");
        assertThat(f.toString(), (String) f.get("evidence"), containsString("daemonset legacy-plugin/nvidia-device-plugin-daemonset"));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("daemonset crashing-plugin/operator-device-plugin"));
        assertEquals(2, ((List<?>) f.get("pods")).size(), f.toString());
    }

    @Test
    void allocatableBelowCapacityIsUnhealthyGpus(QuarkusMainLauncher launcher) {
        Map<String, Object> f = finding(launcher, "gpus-unhealthy", "gpu-degraded");
        assertThat(f.toString(), (String) f.get("evidence"), containsString("capacity 4, allocatable 2"));
        assertEquals("2 of 4 GPUs unhealthy", node(launcher, "gpu-degraded").get("status"));
    }

    @Test
    void notReadyAndCordonedNodesAreFound(QuarkusMainLauncher launcher) {
        finding(launcher, "node-not-ready", "gpu-notready");
        Map<String, Object> cordoned = finding(launcher, "node-cordoned", "gpu-cordoned");
        assertThat(cordoned.toString(), (String) cordoned.get("fix"), containsString("kubectl uncordon gpu-cordoned"));
        assertEquals("NotReady", node(launcher, "gpu-notready").get("status"));
    }

    @Test
    void pendingPodIsExplainedWithSchedulerMessageAndLargestFreeAmount(QuarkusMainLauncher launcher) {
        List<Map<String, Object>> findings = report(launcher).getList("findings");
        Map<String, Object> f = findings.stream().filter(x -> x.get("id").equals("pods-pending-for-gpus")).findFirst().orElseThrow();
        assertThat(f.toString(), (List<?>) f.get("pods"), contains("default/too-big-16gpu"));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("asks for 16 nvidia.com/gpu"));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("the largest free amount on any node is 5 (gpu-healthy)"));
        assertThat(f.toString(), (String) f.get("evidence"), containsString("Insufficient nvidia.com/gpu"));
        Map<String, Object> healthy = node(launcher, "gpu-healthy");
        assertEquals(List.of(8, 3, 5, "OK"), List.of(healthy.get("allocatable"), healthy.get("allocated"), healthy.get("free"),
                healthy.get("status")), healthy.toString());
    }

    @Test
    void summaryCountsOnlyUsableNodes(QuarkusMainLauncher launcher) {
        JsonPath r = report(launcher);
        // gpu-crashing 2 + gpu-double 1 + gpu-degraded 2 + gpu-healthy 8; NotReady and cordoned nodes do not count
        assertEquals(13, r.getInt("summary.allocatable"), jsonRun.toString());
        assertEquals(4, r.getInt("summary.schedulableGpuNodes"), jsonRun.toString());
        assertEquals(9, r.getInt("summary.gpuNodes"), jsonRun.toString());
        assertEquals(false, r.getBoolean("passed"));
        assertThat(r.getList("nodes.name"), hasItem("cpu-0"));
        assertEquals(false, node(launcher, "cpu-0").get("gpuNode"));
    }

    @Test
    void jsonFollowsTheDocumentedSchema(QuarkusMainLauncher launcher) throws Exception {
        report(launcher);
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/verify-report.schema.json")));
        JsonNode json = new ObjectMapper().readTree(jsonRun.stdout());
        Set<ValidationMessage> errors = schema.validate(json);
        assertThat(errors.toString(), errors, empty());
        // the schema is strict: an undocumented field would fail
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("undocumented", 1);
        assertThat(schema.validate(json), not(empty()));
    }

    @Test
    void tableShowsGpuNodesAndFindingsAndExitsOneWithoutExpectations(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg());
        assertEquals(1, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        assertThat(run.toString(), lines.getFirst(), containsString("NAME"));
        assertThat(run.toString(), lines.getFirst(), containsString("STATUS"));
        assertThat(run.toString(), run.stdout(), containsString("gpu-healthy"));
        assertThat(run.toString(), run.stdout(), not(containsString("cpu-0")));
        assertThat(run.toString(), run.stdout(), containsString("[plugin-untolerated-taint]"));
        assertThat(run.toString(), run.stderr(), org.hamcrest.Matchers.matchesPattern("(?s).*error: verify failed: \\d+ GPU nodes are not OK: .*"));

        Cli all = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--all-nodes", "--no-headers");
        assertThat(all.toString(), all.stdout(), containsString("cpu-0"));
        assertThat(all.toString(), all.stdout().lines().findFirst().orElse(""), not(containsString("NAME")));
    }

    @Test
    void expectationsDecideTheExitCode(QuarkusMainLauncher launcher) {
        Cli holds = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--min-gpus", "13", "--gpu-nodes", "4");
        assertEquals(0, holds.exitCode(), holds.toString());

        Cli tooFew = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--min-gpus", "14");
        assertEquals(1, tooFew.exitCode(), tooFew.toString());
        assertThat(tooFew.toString(), tooFew.stderr(), containsString("--min-gpus expects >= 14, found 13"));

        Cli healthyNode = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--node", "gpu-healthy");
        assertEquals(0, healthyNode.exitCode(), healthyNode.toString());
        Cli brokenNode = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--node", "gpu-crashing");
        assertEquals(1, brokenNode.exitCode(), brokenNode.toString());
        assertThat(brokenNode.toString(), brokenNode.stderr(), containsString("--node expects gpu-crashing OK, found plugin CrashLoopBackOff"));

        Cli unknownNode = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--node", "no-such-node");
        assertEquals(2, unknownNode.exitCode(), unknownNode.toString());
        assertThat(unknownNode.toString(), unknownNode.stderr(), containsString("node \"no-such-node\" does not exist"));

        Cli negative = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "--min-gpus", "-1");
        assertEquals(2, negative.exitCode(), negative.toString());
        assertThat(negative.toString(), negative.stderr(), containsString("--min-gpus -1 is negative"));
    }
}
