package io.kubectlgpu.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged plugin through kubectl's own plugin dispatch (`kubectl gpu ...` finds target/kubectl-gpu
 * on PATH), and what a person does with a running command: Ctrl-C.
 */
class RunDispatchIT {
    static final KwokCluster CLUSTER = Testenv.cluster("run-dispatch", "aks-gpu-pool.yaml", "cpu-system.yaml");

    private static Path pluginDir;

    @BeforeAll
    static void schedulableGpus() {
        // the fixture's nodes advertise their GPUs only once a device plugin runs on them, as on a real cluster
        CLUSTER.installDevicePlugin(Map.of("aks-gpu-0", 1, "aks-gpu-1", 1));
    }

    /**
     * A PATH on which kubectl finds kubectl-gpu: the native executable when the native profile built one,
     * else the JVM launcher that mvn package writes.
     */
    private static synchronized Map<String, String> pluginOnPath() {
        if (pluginDir == null) {
            Path executable = io.kubectlgpu.testing.PackagedApp.executable();
            try {
                pluginDir = io.kubectlgpu.testing.TempFiles.directory("plugin-path");
                Files.createSymbolicLink(pluginDir.resolve("kubectl-gpu"), executable);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return Map.of("PATH", pluginDir + ":" + System.getenv("PATH"), "JAVA_HOME", System.getProperty("java.home"));
    }

    private static List<String> kubectlGpu(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "gpu"));
        cmd.addAll(List.of(args));
        cmd.add(CLUSTER.kubeconfigArg());
        return cmd;
    }

    @Test
    void kubectlDispatchesRunToThePluginAndReturnsTheJobsOutcome() {
        Testenv.Result run = Testenv.exec(kubectlGpu("run", "--watch", "--name", "dispatched", "--timeout", "60s"), pluginOnPath(), 90); // 60 s for the Job, 90 s with the JVM's start
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("dispatched"));
        assertThat(run.toString(), run.stdout(), containsString("1/1"));

        Testenv.Result failed = Testenv.exec(kubectlGpu("run", "--watch", "--name", "dispatched-fail",
                "-l", "kwok.kubectl-gpu.io/behaviour=fail", "--backoff-limit", "0", "--timeout", "60s"), pluginOnPath(), 90); // 60 s for the Job, 90 s with the JVM's start
        assertEquals(1, failed.exitCode(), failed.toString());
        assertThat(failed.toString(), failed.stderr(), containsString("BackoffLimitExceeded"));
    }

    // the Job pods run for an hour (behaviour hold): with 5 s ones the Job could end before the Ctrl-C arrived on a
    // busy machine, and the command rightly exited 0
    @Test
    void ctrlCLeavesTheJobRunningAndSaysHowToResume() throws Exception {
        Process p = start(kubectlGpu("run", "--watch", "--name", "interrupted", "-l", "kwok.kubectl-gpu.io/behaviour=hold"));
        try {
            CLUSTER.await(60, "--for=jsonpath={.status.phase}=Running" /* 60 s: JVM start, scheduling, kwok */, "pod", "-l", "batch.kubernetes.io/job-name=interrupted");
            interrupt(p);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the plugin stops following on Ctrl-C"); // 30 s: it stops at once; a loaded JVM
            String stderr = new String(p.getErrorStream().readAllBytes());

            assertEquals(130, p.exitValue(), stderr);
            assertThat(stderr, containsString("interrupted: job interrupted keeps running"));
            assertThat(stderr, containsString("kubectl gpu watch interrupted -n default"));
            CLUSTER.rest().get("/apis/batch/v1/namespaces/default/jobs/interrupted").then().statusCode(200);
        } finally {
            stop(p);
        }
    }

    @Test
    void ctrlCWithRmDeletesTheJob() throws Exception {
        Process p = start(kubectlGpu("run", "--watch", "--rm", "--name", "interrupted-rm", "-l", "kwok.kubectl-gpu.io/behaviour=hold"));
        try {
            CLUSTER.await(60, "--for=jsonpath={.status.phase}=Running" /* 60 s: JVM start, scheduling, kwok */, "pod", "-l", "batch.kubernetes.io/job-name=interrupted-rm");
            interrupt(p);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the plugin stops on Ctrl-C"); // 30 s: one DELETE, then exit; a loaded JVM
            String stderr = new String(p.getErrorStream().readAllBytes());

            assertEquals(130, p.exitValue(), stderr);
            assertThat(stderr, containsString("job interrupted-rm deleted (--rm)"));
            CLUSTER.rest().get("/apis/batch/v1/namespaces/default/jobs/interrupted-rm").then().statusCode(404);
        } finally {
            stop(p);
        }
    }

    private static Process start(List<String> command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(PackagedApp.withDefaultSignals(command));
        pb.environment().putAll(pluginOnPath());
        pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        return pb.start();
    }

    /** A failed assertion must not leave a command following its Job after the test. */
    private static void stop(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** What Ctrl-C does: SIGINT to the process (kubectl execs the plugin in its own place, so it is the same process). */
    private static void interrupt(Process p) throws Exception {
        Testenv.exec(List.of("kill", "-INT", String.valueOf(p.pid())), Map.of(), 10).requireSuccess(); // 10 s: kill returns at once
    }
}
