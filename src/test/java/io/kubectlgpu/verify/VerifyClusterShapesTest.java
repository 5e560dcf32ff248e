package io.kubectlgpu.verify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Await;
import io.kubectlgpu.testing.Cli;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.TempFiles;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** verify on clusters without GPUs, clusters that change while it waits, and clusters that grow. */
@QuarkusMainTest
class VerifyClusterShapesTest {

    @Test
    void clusterWithoutGpuNodesGetsAFriendlySentenceAndFailsOnlyAnExplicitExpectation(QuarkusMainLauncher launcher) {
        KwokCluster cpuOnly = Testenv.cluster("verify-cpu-only", "cpu-system.yaml");
        Cli run = Cli.run(launcher, "verify", cpuOnly.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("No GPU nodes in this cluster (1 nodes checked)"));
        assertThat(run.toString(), run.stdout(), containsString("[no-gpu-nodes]"));

        Cli expected = Cli.run(launcher, "verify", cpuOnly.kubeconfigArg(), "--min-gpus", "1");
        assertEquals(1, expected.exitCode(), expected.toString());
        assertThat(expected.toString(), expected.stderr(), containsString("--min-gpus expects >= 1, found 0"));

        // install warns when no node looks like a GPU node (a server dry run changes nothing)
        Cli install = Cli.run(launcher, "install", cpuOnly.kubeconfigArg(), "--dry-run=server");
        assertEquals(0, install.exitCode(), install.toString());
        assertThat(install.toString(), install.stderr(), containsString("no node looks like a GPU node"));
    }

    @Test
    void wideAndYamlShowTaintsPluginImageMigResourcesAndSharingReplicas(QuarkusMainLauncher launcher) {
        KwokCluster cluster = Testenv.cluster("verify-wide", "cpu-system.yaml");
        cluster.apply("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: a100-mig
                  annotations: {kwok.x-k8s.io/node: fake}
                  labels: {nvidia.com/gpu.present: "true", nvidia.com/gpu.replicas: "4", nvidia.com/gpu.product: NVIDIA-A100-SXM4-80GB}
                spec:
                  taints: [{key: nvidia.com/gpu, effect: NoSchedule}]
                status:
                  capacity: {cpu: "8", memory: 64Gi, pods: "110", nvidia.com/gpu: "4", nvidia.com/mig-1g.10gb: "7"}
                  allocatable: {cpu: "8", memory: 64Gi, pods: "110", nvidia.com/gpu: "4", nvidia.com/mig-1g.10gb: "7"}
                """);
        Cli install = Cli.run(launcher, "install", cluster.kubeconfigArg(), "--timeout", "60s"); // 60 s: one plugin pod on kwok
        assertEquals(0, install.exitCode(), install.toString());

        Cli wide = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "-o", "wide");
        assertEquals(0, wide.exitCode(), wide.toString());
        String header = wide.stdout().lines().findFirst().orElseThrow();
        assertThat(wide.toString(), header, containsString("TAINTS"));
        assertThat(wide.toString(), header, containsString("PLUGIN-IMAGE"));
        String row = wide.stdout().lines().filter(l -> l.startsWith("a100-mig")).findFirst().orElseThrow();
        assertThat(wide.toString(), row, containsString("nvidia.com/gpu:NoSchedule"));
        assertThat(wide.toString(), row, containsString("nvcr.io/nvidia/k8s-device-plugin:v0.20.0"));
        assertThat(wide.toString(), row, containsString("mig-1g.10gb=7"));
        assertThat(wide.toString(), row, org.hamcrest.Matchers.matchesPattern(".*\\s4$"));
        assertThat(wide.toString(), wide.stdout(), containsString("aks-system-0")); // wide shows every node

        Cli yaml = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "-o", "yaml");
        assertEquals(0, yaml.exitCode(), yaml.toString());
        assertThat(yaml.toString(), yaml.stdout(), containsString("kind: GpuReport"));
        assertThat(yaml.toString(), yaml.stdout(), containsString("nvidia.com/mig-1g.10gb: 7"));
        assertThat(yaml.toString(), yaml.stdout(), containsString("sharingReplicas: 4"));
        assertEquals("", yaml.stderr(), yaml.toString());
    }

    @Test
    void beforeInstallNoGpuIsAllocatableWaitWatchesUntilInstallBringsThemAndUninstallTakesThemAway(QuarkusMainLauncher launcher)
            throws Exception {
        KwokCluster cluster = Testenv.cluster("verify-wait", "cpu-system.yaml", "multi-gpu.yaml", "aks-gpu-pool.yaml");

        // before install: three GPU nodes, none of which advertises a GPU, as no device plugin registered any
        Cli before = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "-o", "json");
        assertEquals(1, before.exitCode(), before.toString());
        JsonPath report = JsonPath.from(before.stdout());
        assertEquals(3, report.getInt("summary.gpuNodes"), before.toString());
        assertEquals(0, report.getLong("summary.allocatable"), before.toString());
        assertThat(before.toString(), before.stdout(), containsString("plugin-not-installed"));

        // what install applies; while verify --wait runs in-process, kubectl applies it (launches never overlap)
        Cli rendered = Cli.run(launcher, "install", "--dry-run=client", "-o", "yaml");
        assertEquals(0, rendered.exitCode(), rendered.toString());

        Cli run;
        try (Cli.Running waiting = Cli.start(launcher, "verify", cluster.kubeconfigArg(), "--wait", "--timeout", "120s",
                "--min-gpus", "9", "--gpu-nodes", "2")) { // 120 s: the plugin's rollout on kwok and the device manager's writes, on a loaded machine
            waiting.awaitStderr(Duration.ofSeconds(60), "waiting: 0 GPUs allocatable"); // 60 s: a cold in-process start on 2 busy cores
            assertTrue(List.of("", "0").contains(cluster.allocatableGpus("dgx-0")), "no GPU before install");
            cluster.apply(rendered.stdout());
            run = waiting.get(Duration.ofSeconds(150)); // beyond its own --timeout of 120 s
        }
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("dgx-0"));
        assertEquals("8", cluster.allocatableGpus("dgx-0"));

        Cli uninstall = Cli.run(launcher, "uninstall", cluster.kubeconfigArg());
        assertEquals(0, uninstall.exitCode(), uninstall.toString());
        cluster.awaitAllocatableGpus("dgx-0", 0);
        Cli after = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "--min-gpus", "1");
        assertEquals(1, after.exitCode(), after.toString());
        assertThat(after.toString(), after.stderr(), containsString("--min-gpus expects >= 1, found 0"));

        Cli timesOut = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "--wait", "--timeout", "3s", "--min-gpus", "100"); // 3 s: the timeout is what is tested
        assertEquals(1, timesOut.exitCode(), timesOut.toString());
        assertThat(timesOut.toString(), timesOut.stderr(), containsString("timed out after 3s"));
    }

    @Test
    void apiRequestsDoNotGrowWithTheNumberOfNodes(QuarkusMainLauncher launcher) throws Exception {
        KwokCluster cluster = Testenv.auditedCluster("verify-requests", "aks-gpu-pool.yaml", "cpu-system.yaml");
        long small = requestsOfOneVerify(launcher, cluster, 3);

        // 600 more nodes: one more page of nodes (pages hold 500), nothing per node
        StringBuilder nodes = new StringBuilder();
        for (int i = 0; i < 600; i++) {
            nodes.append("""
                    ---
                    apiVersion: v1
                    kind: Node
                    metadata:
                      name: gpu-%d
                      annotations: {kwok.x-k8s.io/node: fake}
                      labels: {kubernetes.azure.com/accelerator: nvidia}
                    status:
                      capacity: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                      allocatable: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                    """.formatted(i));
        }
        Path dir = TempFiles.directory("nodes");
        try {
            Path file = Files.writeString(dir.resolve("nodes.yaml"), nodes);
            cluster.kubectl("apply", "--server-side", "-f", file.toString());
        } finally {
            TempFiles.deleteRecursively(dir);
        }
        long large = requestsOfOneVerify(launcher, cluster, small);

        assertEquals(3, small, "nodes, DaemonSets, pods: one request each on a small cluster");
        assertEquals(small + 1, large, "602 nodes take one more page of nodes, nothing per node");
        long bound = (long) Math.ceil(602 / 500.0) + 1 + 2;
        assertThat(large, lessThanOrEqualTo(bound));
    }

    /**
     * The API requests one verify makes, from the audit log. The log backend writes an entry after the response
     * has gone out, so the count is read once at least {@code atLeast} have arrived (or 10 s have passed, far more
     * than a write takes), then again after the entries of a later request of another client are in: entries of
     * verify arriving late would show up as a difference.
     */
    private static long requestsOfOneVerify(QuarkusMainLauncher launcher, KwokCluster cluster, long atLeast) {
        long before = cluster.auditedRequests("kubectl-gpu/");
        Cli run = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "-o", "json");
        assertEquals(1, run.exitCode(), run.toString()); // no device plugin installed: GPU nodes are not OK
        JsonPath.from(run.stdout()).getInt("summary.gpuNodes");
        Await.within(Duration.ofSeconds(10), () -> cluster.auditedRequests("kubectl-gpu/") - before >= atLeast);
        long marker = cluster.auditedRequests("kubectl/");
        cluster.kubectl("get", "--raw", "/version");
        Await.until(Duration.ofSeconds(10), "kubectl's request in the audit log", () -> cluster.auditedRequests("kubectl/") > marker);
        return cluster.auditedRequests("kubectl-gpu/") - before;
    }
}
