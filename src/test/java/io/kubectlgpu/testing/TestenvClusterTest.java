package io.kubectlgpu.testing;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** testenv/cluster itself: what it prints, and that it refuses clearly instead of hanging. */
class TestenvClusterTest {
    private static Testenv.Result cluster(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(Testenv.repo().resolve("testenv/cluster").toString()));
        cmd.addAll(List.of(args));
        return Testenv.exec(cmd, Map.of(), 180);
    }

    @Test
    void upPrintsOnlyTheKubeconfigRefusesASecondStartAndDownLeavesNothingRunning() throws Exception {
        String name = "kgpu-" + ProcessHandle.current().pid() + "-lifecycle";
        Testenv.Result up = cluster("up", name, Testenv.fixture("multi-gpu.yaml").toString());
        try {
            assertEquals(0, up.exitCode(), up.toString());
            Path kubeconfig = Path.of(up.stdout().trim());
            assertEquals(1, up.stdout().lines().count(), "stdout is the kubeconfig path and nothing else: " + up);
            assertThat(kubeconfig.toString(), endsWith("kubeconfig.yaml"));
            assertTrue(Files.isRegularFile(kubeconfig), up.toString());
            String gpus = Testenv.run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "get", "node", "dgx-0",
                    "-o", "jsonpath={.status.allocatable.nvidia\\.com/gpu}"));
            assertEquals("8", gpus);
            String server = Testenv.run(List.of("kubectl", "--kubeconfig", kubeconfig.toString(), "config", "view", "--minify",
                    "-o", "jsonpath={.clusters[0].cluster.server}"));
            assertThat(server, containsString("https://127.0.0.1:"));

            Testenv.Result again = cluster("up", name);
            assertEquals(1, again.exitCode(), again.toString());
            assertThat(again.toString(), again.stderr(), containsString("cluster " + name + " already runs"));

            List<Long> pids = pids(kubeconfig.getParent());
            assertEquals(5, pids.size(), "etcd, apiserver, controller-manager, scheduler, kwok: " + pids);
            Testenv.Result down = cluster("down", name);
            assertEquals(0, down.exitCode(), down.toString());
            for (long pid : pids) {
                assertTrue(ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true), "process " + pid + " is still running");
            }
            assertTrue(!Files.exists(kubeconfig.getParent()), "the cluster's state is removed");
        } finally {
            cluster("down", name);
        }
    }

    @Test
    void aPortInUseIsAClearError() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String name = "kgpu-" + ProcessHandle.current().pid() + "-busyport";
            Testenv.Result up = cluster("up", name, "--port", String.valueOf(busy.getLocalPort()), "--no-fixtures");
            assertEquals(1, up.exitCode(), up.toString());
            assertThat(up.toString(), up.stderr(), containsString("port " + busy.getLocalPort() + " on 127.0.0.1 is in use"));
            assertEquals("", up.stdout(), up.toString());
        }
    }

    @Test
    void buildWithoutGoOrWithoutRegistrySaysSoInOneSentence() throws Exception {
        Path emptyCache = TempFiles.directory("testenv-empty");
        String build = Testenv.repo().resolve("testenv/build").toString();

        Testenv.Result noGo = Testenv.exec(List.of("env", "PATH=/usr/bin:/bin", "KUBECTL_GPU_TESTENV=" + emptyCache, build), Map.of(), 60);
        assertEquals(1, noGo.exitCode(), noGo.toString());
        assertThat(noGo.toString(), noGo.stderr(), containsString("the Go toolchain is missing"));
        assertEquals("", noGo.stdout(), noGo.toString());

        // a registry nobody answers at, and no module cached: nothing can be downloaded
        Testenv.Result noRegistry = Testenv.exec(List.of("env", "KUBECTL_GPU_TESTENV=" + emptyCache,
                "GOPROXY=http://127.0.0.1:9", "GOMODCACHE=" + emptyCache.resolve("mod"), "GOFLAGS=-mod=mod", build), Map.of(), 120);
        assertEquals(1, noRegistry.exitCode(), noRegistry.toString());
        assertThat(noRegistry.toString(), noRegistry.stderr(), containsString("cannot download Go modules (GOPROXY=http://127.0.0.1:9)"));
        assertEquals(1, noRegistry.stderr().lines().count(), noRegistry.toString());
    }

    private static List<Long> pids(Path clusterDir) throws Exception {
        try (var files = Files.list(clusterDir.resolve("pids"))) {
            return files.map(f -> {
                try {
                    return Long.parseLong(Files.readString(f).trim());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).toList();
        }
    }
}
