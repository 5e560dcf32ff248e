package io.kubectlgpu.verify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * verify --probe on kwok: probe pods pass on the AKS T4 nodes, fail on a node whose GPU does not work
 * (testenv/stages/behaviours.yaml fails probe pods on nodes named faulty-gpu*), and cannot be scheduled
 * on a node whose only GPU is taken; a node tainted for a team is probed because the plugin tolerates its taint.
 * Every probe pod is gone afterwards.
 */
@QuarkusMainTest
class VerifyProbeTest {
    static final KwokCluster CLUSTER = Testenv.cluster("verify-probe", "aks-gpu-pool.yaml", "cpu-system.yaml");

    @TempDir
    static Path logs;

    @BeforeAll
    static void nodes() throws Exception {
        Path log = logs.resolve("probe.log");
        Files.writeString(log, """
                2026-11-29T05:00:00.000000000Z stdout F NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.
                2026-11-29T05:00:00.100000000Z stdout F Make sure that the latest NVIDIA driver is installed and running.
                """);
        CLUSTER.apply(gpuNode("faulty-gpu-0", "sku: gpu") + "---\n" + gpuNode("ml-gpu-0", "dedicated: ml") + """
                ---
                apiVersion: v1
                kind: Node
                metadata:
                  name: gpu-busy
                  annotations: {kwok.x-k8s.io/node: fake}
                  labels: {kubernetes.azure.com/accelerator: nvidia, busy: "true"}
                status:
                  capacity: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                  allocatable: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}

                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: probes}
                ---
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: probe-logs}
                spec:
                  selector: {matchNamespaces: [probes]}
                  logs: [{containers: [probe], logsFile: %s}]
                """.formatted(log));
        // pods need their namespace's service account, which the controller manager creates
        CLUSTER.await(180, "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", "default");
        CLUSTER.apply("""
                apiVersion: v1
                kind: Pod
                metadata: {name: holds-the-gpu, namespace: default}
                spec:
                  nodeSelector: {busy: "true"}
                  containers: [{name: train, image: cuda, resources: {limits: {nvidia.com/gpu: 1}}}]
                """);
        CLUSTER.await(60, "--for=condition=Ready", "pod/holds-the-gpu");
        // the fixtures' GPUs appear once a device plugin runs (testenv's device manager); the nodes above declare none
        // 180 s: the plugin's rollout and the device manager's status writes on a saturated 2-core machine
        // installed as by install --toleration dedicated=ml:NoSchedule: the plugin serves ml-gpu-0, so the probe goes there
        CLUSTER.installDevicePlugin(Map.of(), List.of("dedicated=ml:NoSchedule"));
        CLUSTER.await(180, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=1", "node/aks-gpu-0");
        CLUSTER.await(180, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=1", "node/aks-gpu-1");
        CLUSTER.await(180, "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", "probes");
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyGpuNodeIsProbedAndReportedAsPassedFailedOrUnschedulable(QuarkusMainLauncher launcher) throws Exception {
        // --gpu-nodes 1 holds: the probes alone decide the exit code
        Cli run = Cli.run(launcher, "verify", "--probe", "--gpu-nodes", "1", "-n", "probes", "-o", "json", CLUSTER.kubeconfigArg());
        assertEquals(1, run.exitCode(), run.toString());
        JsonPath report = JsonPath.from(run.stdout());
        Map<String, Map<String, Object>> probes = new java.util.TreeMap<>();
        report.getList("probes", Map.class).forEach(p -> probes.put((String) p.get("node"), p));
        assertEquals(List.of("aks-gpu-0", "aks-gpu-1", "faulty-gpu-0", "gpu-busy", "ml-gpu-0"), List.copyOf(probes.keySet()),
                run.toString());
        // tainted dedicated=ml, which the plugin tolerates (not the manifest): the probe tolerates what the plugin does
        assertEquals("passed", probes.get("ml-gpu-0").get("result"), run.toString());

        assertEquals("passed", probes.get("aks-gpu-0").get("result"), run.toString());
        assertEquals(0, probes.get("aks-gpu-0").get("exitCode"), run.toString());
        assertEquals("passed", probes.get("aks-gpu-1").get("result"), run.toString());

        Map<String, Object> faulty = probes.get("faulty-gpu-0");
        assertEquals("failed", faulty.get("result"), run.toString());
        assertEquals(1, faulty.get("exitCode"), run.toString());
        assertEquals("exit code 1", faulty.get("reason"), run.toString());
        assertThat(run.toString(), String.join("\n", (List<String>) faulty.get("logs")),
                containsString("Make sure that the latest NVIDIA driver is installed and running."));

        Map<String, Object> busy = probes.get("gpu-busy");
        assertEquals("unschedulable", busy.get("result"), run.toString());
        assertNull(busy.get("exitCode"), run.toString());
        assertThat(run.toString(), (String) busy.get("reason"), containsString("Insufficient nvidia.com/gpu"));

        List<Map<String, Object>> findings = report.getList("findings");
        Map<String, Object> failed = findings.stream().filter(f -> f.get("id").equals("probe-failed")).findFirst().orElseThrow();
        assertEquals(List.of("faulty-gpu-0"), failed.get("nodes"), failed.toString());
        assertThat(failed.toString(), (String) failed.get("evidence"), containsString("couldn't communicate with the NVIDIA driver"));
        Map<String, Object> unschedulable = findings.stream().filter(f -> f.get("id").equals("probe-unschedulable")).findFirst().orElseThrow();
        assertEquals(List.of("gpu-busy"), unschedulable.get("nodes"), unschedulable.toString());
        assertThat(unschedulable.toString(), (String) unschedulable.get("evidence"), containsString("scheduler: 0/"));

        assertThat(run.toString(), run.stderr(), containsString(
                "error: verify failed: the GPU probe failed on faulty-gpu-0 and could not be scheduled on gpu-busy"));

        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/verify-report.schema.json")));
        assertThat(run.stdout(), schema.validate(new ObjectMapper().readTree(run.stdout())), empty());

        awaitNoProbePods();
    }

    @Test
    void aNodeWhoseProbePassesPassesAndTheTableSaysSo(QuarkusMainLauncher launcher) throws Exception {
        Cli run = Cli.run(launcher, "verify", "--probe", "--node", "aks-gpu-0", "-n", "probes", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString()); // the node is OK and its probe passed
        String probeLine = run.stdout().lines().filter(l -> l.startsWith("aks-gpu-0") && l.contains("passed")).findFirst()
                .orElseThrow(() -> new AssertionError("no probe line for aks-gpu-0" + run));
        assertThat(run.toString(), probeLine, org.hamcrest.Matchers.matchesPattern("aks-gpu-0\\s+passed\\s+\\d+\\s+<none>"));
        assertThat(run.toString(), run.stderr(), containsString("probing 1 GPU node with nvcr.io/nvidia/cuda:12.5.0-base-ubuntu22.04"));
        assertThat(run.toString(), run.stderr(), containsString("probe on aks-gpu-0: passed"));
        assertThat(run.toString(), run.stderr(), not(containsString("the GPU probe")));
        awaitNoProbePods();

        Cli passes = Cli.run(launcher, "verify", "--probe", "--gpu-nodes", "1", "--node", "aks-gpu-1",
                "--probe-image", "registry.example/validator:1", "--probe-timeout", "1m", "-n", "probes", CLUSTER.kubeconfigArg());
        assertThat(passes.toString(), passes.stderr(), containsString("with registry.example/validator:1"));
        awaitNoProbePods();
    }

    @Test
    void productIsInferredFromTheAksSizeWithoutTheProductLabel(QuarkusMainLauncher launcher) {
        Cli json = Cli.run(launcher, "verify", "--node", "aks-gpu-0", "-o", "json", CLUSTER.kubeconfigArg());
        Map<String, Object> node = JsonPath.from(json.stdout()).getMap("nodes.find { it.name == 'aks-gpu-0' }");
        assertEquals("NVIDIA T4", node.get("product"), json.toString());
        assertEquals("Standard_NC4as_T4_v3", node.get("productInferredFrom"), json.toString());

        Cli table = Cli.run(launcher, "verify", "--node", "aks-gpu-0", CLUSTER.kubeconfigArg());
        assertThat(table.toString(), table.stdout(), containsString("NVIDIA T4"));
        assertThat(table.toString(), table.stdout(), not(containsString("Standard_NC4as_T4_v3")));
        Cli wide = Cli.run(launcher, "verify", "--node", "aks-gpu-0", "-o", "wide", CLUSTER.kubeconfigArg());
        assertThat(wide.toString(), wide.stdout(), containsString("NVIDIA T4 (inferred from Standard_NC4as_T4_v3)"));
    }

    @Test
    void aProbeThatDoesNotFinishInTheTimeoutFailsAndIsDeleted(QuarkusMainLauncher launcher) throws Exception {
        withHungGpuNode(() -> {
            Cli run = Cli.run(launcher, "verify", "--probe", "--node", HUNG_NODE, "--probe-timeout", "5s", "-n", "probes",
                    "-o", "json", CLUSTER.kubeconfigArg());
            assertEquals(1, run.exitCode(), run.toString());
            Map<String, Object> probe = JsonPath.from(run.stdout()).getMap("probes[0]");
            assertEquals(HUNG_NODE, probe.get("node"), run.toString());
            assertEquals("failed", probe.get("result"), run.toString());
            assertThat(run.toString(), (String) probe.get("reason"), containsString("did not finish in 5s"));
            assertThat(run.toString(), run.stderr(), containsString("the GPU probe failed on " + HUNG_NODE));
            awaitNoProbePods();
        });
    }

    static final String HUNG_NODE = "hung-gpu-0";

    /** A GPU node whose probe pods keep running (testenv/stages/behaviours.yaml), there only while BODY runs. */
    static void withHungGpuNode(ThrowingRunnable body) throws Exception {
        CLUSTER.apply(gpuNode(HUNG_NODE, null));
        try {
            body.run();
        } finally {
            CLUSTER.kubectl("delete", "node", HUNG_NODE, "--wait=true");
        }
    }

    /**
     * A kwok GPU node with one GPU in its status (it declares none to testenv's device manager, so it keeps it),
     * tainted {@code TAINT} ("key: value", NoSchedule) unless null.
     */
    static String gpuNode(String name, String taint) {
        String[] kv = taint == null ? null : taint.split(": ");
        return """
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  annotations: {kwok.x-k8s.io/node: fake}
                  labels: {kubernetes.azure.com/accelerator: nvidia}
                spec:
                  taints: %s
                status:
                  capacity: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                  allocatable: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                """.formatted(name, kv == null ? "[]" : "[{key: " + kv[0] + ", value: " + kv[1] + ", effect: NoSchedule}]");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void probeFlagsNeedProbe(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "verify", "--probe-image", "x", CLUSTER.kubeconfigArg());
        assertEquals(2, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("--probe-image and --probe-timeout need --probe"));
    }

    /** verify deletes its probe pods; kwok removes a deleted pod at once. */
    static void awaitNoProbePods() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String left;
        do {
            left = CLUSTER.kubectl("get", "pods", "-n", "probes", "-l", "app.kubernetes.io/component=gpu-probe", "-o", "name").trim();
            if (left.isEmpty()) {
                return;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("probe pods left behind: " + left);
    }
}
