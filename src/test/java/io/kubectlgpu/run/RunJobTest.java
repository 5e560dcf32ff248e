package io.kubectlgpu.run;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThan;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.utils.Serialization;
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

/** run, watch, logs and delete on a full kwok cluster: the real Job controller, scheduler and kwok kubelets. */
@QuarkusMainTest
class RunJobTest {
    static final KwokCluster CLUSTER = Testenv.cluster("run", "aks-gpu-pool.yaml", "multi-gpu.yaml", "cpu-system.yaml");

    @BeforeAll
    static void logs() throws Exception {
        // the fixtures' nodes advertise their GPUs only once a device plugin runs on them, as on a real cluster
        CLUSTER.installDevicePlugin(Map.of("aks-gpu-0", 1, "aks-gpu-1", 1, "dgx-0", 8));
        Path dir = io.kubectlgpu.testing.TempFiles.directory("job-logs");
        Path log = dir.resolve("vectoradd.log");
        Files.writeString(log, """
                2026-11-29T05:00:00.000000000Z stdout F [Vector addition of 50000 elements]
                2026-11-29T05:00:00.100000000Z stdout F Copy input data from the host memory to the CUDA device
                2026-11-29T05:00:00.200000000Z stdout F CUDA kernel launch with 196 blocks of 256 threads
                2026-11-29T05:00:00.300000000Z stdout F Test PASSED
                """);
        Path failing = dir.resolve("failing.log");
        Files.writeString(failing, """
                2026-11-29T05:00:00.000000000Z stderr F Traceback (most recent call last):
                2026-11-29T05:00:00.100000000Z stderr F RuntimeError: CUDA error: no kernel image is available for execution on the device
                """);
        for (String ns : List.of("jobs", "failing")) {
            CLUSTER.kubectl("create", "namespace", ns);
        }
        CLUSTER.apply("""
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: job-logs}
                spec:
                  selector: {matchNamespaces: [jobs]}
                  logs: [{containers: [cuda-vectoradd], logsFile: %s, follow: true}]
                ---
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: failing-logs}
                spec:
                  selector: {matchNamespaces: [failing]}
                  logs: [{containers: [cuda-vectoradd], logsFile: %s}]
                """.formatted(log, failing));
    }

    @Test
    void completingJobPrintsTheWatchTableAndExitsZero(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "vectoradd-ok", "--watch", "--timeout", "60s"); // 60 s: kwok runs the pod at once; scheduling and the Job controller on a loaded machine

        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        assertThat(run.toString(), lines.getFirst(), matchesPattern("NAME\\s+COMPLETIONS\\s+DURATION\\s+AGE"));
        assertThat(run.toString(), lines.getLast(), matchesPattern("vectoradd-ok\\s+1/1\\s+\\d+s\\s+\\d+s"));
        assertEquals(1, lines.stream().filter(l -> l.contains("1/1")).count(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("job.batch/vectoradd-ok created"));
        assertThat(run.toString(), run.stderr(), containsString("Succeeded"));

        JsonPath job = CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/vectoradd-ok").then().statusCode(200).extract().jsonPath();
        assertEquals("1", job.getString("spec.template.spec.containers[0].resources.limits.'nvidia.com/gpu'"));
        assertEquals("OnFailure", job.getString("spec.template.spec.restartPolicy"));
        assertEquals("nvcr.io/nvidia/k8s/cuda-sample:vectoradd-cuda12.5.0", job.getString("spec.template.spec.containers[0].image"));
        assertThat(job.getList("spec.template.spec.tolerations.key").toString(), containsString("sku"));
        assertThat(job.getList("spec.template.spec.tolerations.key").toString(), not(containsString("CriticalAddonsOnly")));
    }

    @Test
    void failingJobExitsOneWithReasonAndLastLogLines(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "failing", "--name", "crashes",
                "--label", "kwok.kubectl-gpu.io/behaviour=fail", "--backoff-limit", "0", "--watch", "--timeout", "60s"); // 60 s: one failing pod and the Job controller's verdict

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("job crashes failed: BackoffLimitExceeded"));
        assertThat(run.toString(), run.stderr(), containsString("RuntimeError: CUDA error: no kernel image is available"));
        assertThat(run.toString(), run.stdout(), containsString("0/1"));
    }

    @Test
    void jobAskingForMoreGpusThanAnyNodeHasIsReportedFastAndTimesOut(QuarkusMainLauncher launcher) {
        long start = System.nanoTime();
        Cli run = Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "too-big", "--gpus", "16",
                "--watch", "--timeout", "10s", "--rm"); // 10 s: the timeout is what is tested; the pod can never be placed
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("cannot be scheduled: asks for 16 nvidia.com/gpu; the largest free amount on any node is 8 (dgx-0)"));
        assertThat(run.toString(), run.stderr(), containsString("Insufficient nvidia.com/gpu"));
        assertThat(run.toString(), run.stderr(), containsString("timed out after 10s"));
        assertThat(run.toString(), seconds, lessThan(25L));
        // --rm: nothing left behind
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/too-big").then().statusCode(404);
    }

    @Test
    void followStreamsTheLogsFromKwokServedFiles(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "followed",
                "--label", "kwok.kubectl-gpu.io/behaviour=slow", "--follow", "--timeout", "60s"); // 60 s: a 5 s pod followed to its end

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("Test PASSED"));
        assertThat(run.toString(), run.stdout(), containsString("[Vector addition of 50000 elements]"));

        Cli logs = Cli.run(launcher, "logs", "followed", CLUSTER.kubeconfigArg(), "-n", "jobs");
        assertEquals(0, logs.exitCode(), logs.toString());
        assertThat(logs.toString(), logs.stdout(), containsString("Test PASSED"));
    }

    @Test
    void followPicksUpTheNewContainerAfterARestart(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "restarted",
                "--label", "kwok.kubectl-gpu.io/behaviour=restart", "--follow", "--timeout", "60s"); // 60 s: two 3 s runs of the container

        assertEquals(0, run.exitCode(), run.toString());
        // kwok serves the same file for each container instance: one copy of the log per instance
        assertEquals(2, run.stdout().lines().filter(l -> l.equals("Test PASSED")).count(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("(restarts: 1)"));
    }

    @Test
    void watchSurvivesTheApiServerGoingAwayAndComingBack(QuarkusMainLauncher launcher) throws Exception {
        Cli run;
        try (Cli.Running watching = Cli.start(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "survivor",
                "--label", "kwok.kubectl-gpu.io/behaviour=slow", "--watch", "--timeout", "120s")) { // 120 s: a 5 s Job plus a whole control-plane restart
            CLUSTER.await(60, "-n", "jobs", "--for=jsonpath={.status.phase}=Running", // 60 s: scheduling and kwok's Running on a loaded machine
                    "pod", "-l", "batch.kubernetes.io/job-name=survivor");
            Testenv.run(List.of(Testenv.repo().resolve("testenv/cluster").toString(), "restart", CLUSTER.name()));
            run = watching.get(java.time.Duration.ofSeconds(150)); // beyond its own --timeout of 120 s
        }
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.matches("survivor\\s+1/1.*")).count(), "the final state once: " + run);
        assertEquals(1, lines.stream().filter(l -> l.startsWith("NAME")).count(), run.toString());
    }

    @Test
    void dryRunPrintsTheJobAndCreatesNothing(QuarkusMainLauncher launcher) {
        Cli client = Cli.run(launcher, "run", "--dry-run=client", "-o", "yaml", "--kubeconfig=/nonexistent", "--gpus", "2",
                "--image", "nvcr.io/nvidia/pytorch:24.05-py3", "--env", "EPOCHS=3", "--node-selector", "agentpool=gpu",
                "--name", "torch", "--", "python", "train.py");
        assertEquals(0, client.exitCode(), client.toString());
        Job job = Serialization.unmarshal(client.stdout(), Job.class);
        var c = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertEquals("nvcr.io/nvidia/pytorch:24.05-py3", c.getImage());
        assertEquals(List.of("python"), c.getCommand());
        assertEquals(List.of("train.py"), c.getArgs());
        assertEquals("2", c.getResources().getLimits().get("nvidia.com/gpu").toString());
        assertEquals(Map.of("agentpool", "gpu"), job.getSpec().getTemplate().getSpec().getNodeSelector());
        assertEquals("EPOCHS", c.getEnv().getFirst().getName());

        Cli mnist = Cli.run(launcher, "run", "--dry-run", "-o", "json", "--sample", "mnist-tf");
        assertEquals(0, mnist.exitCode(), mnist.toString());
        assertThat(mnist.stdout(), containsString("mcr.microsoft.com/azuredocs/samples-tf-mnist-demo:gpu"));
        assertThat(mnist.stdout(), containsString("--max_steps"));

        Cli server = Cli.run(launcher, "run", "--dry-run=server", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "not-created");
        assertEquals(0, server.exitCode(), server.toString());
        assertThat(server.toString(), server.stderr(), containsString("job.batch/not-created created (server dry run)"));
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/not-created").then().statusCode(404);

        Cli badSample = Cli.run(launcher, "run", "--dry-run", "--sample", "doom");
        assertEquals(2, badSample.exitCode(), badSample.toString());
    }

    @Test
    void deleteRemovesOnlyKubectlGpuJobs(QuarkusMainLauncher launcher) {
        assertEquals(0, Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "to-delete").exitCode());
        CLUSTER.kubectl("create", "job", "foreign", "-n", "jobs", "--image=busybox");

        Cli foreign = Cli.run(launcher, "delete", "foreign", CLUSTER.kubeconfigArg(), "-n", "jobs");
        assertEquals(2, foreign.exitCode(), foreign.toString());
        assertThat(foreign.toString(), foreign.stderr(), containsString("was not created by kubectl gpu run"));

        Cli delete = Cli.run(launcher, "delete", "to-delete", CLUSTER.kubeconfigArg(), "-n", "jobs");
        assertEquals(0, delete.exitCode(), delete.toString());
        assertThat(delete.toString(), delete.stdout(), containsString("job.batch/to-delete deleted"));
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/to-delete").then().statusCode(404);
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/foreign").then().statusCode(200);
    }

    @Test
    void watchOfOneJobEndsWithItsOutcome(QuarkusMainLauncher launcher) {
        assertEquals(0, Cli.run(launcher, "run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "watched").exitCode());
        Cli watch = Cli.run(launcher, "watch", "watched", CLUSTER.kubeconfigArg(), "-n", "jobs", "--timeout", "60s"); // 60 s: the Job's run to its end
        assertEquals(0, watch.exitCode(), watch.toString());
        assertThat(watch.toString(), watch.stdout(), containsString("1/1"));

        Cli all = Cli.run(launcher, "watch", CLUSTER.kubeconfigArg(), "-A", "--timeout", "3s"); // 3 s: watch -A never ends by itself; the timeout ends it
        assertEquals(0, all.exitCode(), all.toString());
        assertThat(all.toString(), all.stdout(), containsString("watched"));
        assertThat(all.toString(), all.stdout(), containsString("NAMESPACE"));
        assertTrue(all.stdout().contains("jobs"), all.toString());
    }
}
