package io.kubectlgpu.verify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
        Cli install = Cli.run(launcher, "install", cluster.kubeconfigArg(), "--timeout", "60s");
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
    void waitWatchesUntilTheGpusArriveRightAfterInstall(QuarkusMainLauncher launcher) throws Exception {
        KwokCluster cluster = Testenv.cluster("verify-wait", "cpu-system.yaml");
        CompletableFuture<Cli> waiting = CompletableFuture.supplyAsync(() ->
                Cli.run(launcher, "verify", cluster.kubeconfigArg(), "--wait", "--timeout", "90s", "--min-gpus", "9", "--gpu-nodes", "2"));
        Thread.sleep(3000);
        assertTrue(!waiting.isDone(), "verify --wait returned before the GPUs arrived: " + (waiting.isDone() ? waiting.get() : ""));
        cluster.kubectl("apply", "-f", Testenv.fixture("multi-gpu.yaml").toString(), "-f", Testenv.fixture("aks-gpu-pool.yaml").toString());
        Cli install = Cli.run(launcher, "install", cluster.kubeconfigArg(), "--wait=false");
        assertEquals(0, install.exitCode(), install.toString());

        Cli run = waiting.get(90, TimeUnit.SECONDS);
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("waiting: 0 GPUs allocatable on 0 nodes"));
        assertThat(run.toString(), run.stdout(), containsString("dgx-0"));

        Cli timesOut = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "--wait", "--timeout", "3s", "--min-gpus", "100");
        assertEquals(1, timesOut.exitCode(), timesOut.toString());
        assertThat(timesOut.toString(), timesOut.stderr(), containsString("timed out after 3s"));
    }

    @Test
    void apiRequestsDoNotGrowWithTheNumberOfNodes(QuarkusMainLauncher launcher) throws Exception {
        KwokCluster cluster = Testenv.auditedCluster("verify-requests", "aks-gpu-pool.yaml", "cpu-system.yaml");
        long small = requestsOfOneVerify(launcher, cluster);

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
        Path file = Files.createTempFile("nodes", ".yaml");
        Files.writeString(file, nodes);
        cluster.kubectl("apply", "--server-side", "-f", file.toString());
        long large = requestsOfOneVerify(launcher, cluster);

        assertEquals(3, small, "nodes, DaemonSets, pods: one request each on a small cluster");
        assertEquals(small + 1, large, "602 nodes take one more page of nodes, nothing per node");
        long bound = (long) Math.ceil(602 / 500.0) + 1 + 2;
        assertThat(large, lessThanOrEqualTo(bound));
    }

    private static long requestsOfOneVerify(QuarkusMainLauncher launcher, KwokCluster cluster) throws InterruptedException {
        long before = cluster.auditedRequests("kubectl-gpu/");
        Cli run = Cli.run(launcher, "verify", cluster.kubeconfigArg(), "-o", "json");
        assertEquals(1, run.exitCode(), run.toString()); // no device plugin installed: GPU nodes are not OK
        JsonPath.from(run.stdout()).getInt("summary.gpuNodes");
        Thread.sleep(500); // the audit backend writes when the request has finished
        return cluster.auditedRequests("kubectl-gpu/") - before;
    }
}
