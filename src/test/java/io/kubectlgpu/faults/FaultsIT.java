package io.kubectlgpu.faults;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubectlgpu.gpu.GpuPods;
import io.kubectlgpu.testing.Await;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.Testenv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected for real into the testenv control plane while the packaged kubectl-gpu runs: the API server
 * killed and restarted during install, run --watch --follow and verify --wait; SIGINT and SIGTERM in each phase of
 * install and run; 429, 503, 410 Gone and dropped connections from a proxy in front of the API server. Each test
 * asserts what the user sees and what the cluster holds afterwards, and that a second run converges.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FaultsIT {
    static final KwokCluster CLUSTER = Testenv.cluster("faults-live", "aks-gpu-pool.yaml", "cpu-system.yaml");
    /** A pod on this node never starts (no kubelet): a rollout that targets it waits until it is interrupted. */
    static final String STUCK_NODE = "fault-stuck-0";
    /** A safety net against a hang, far above what any command here needs on a loaded 2-core machine. */
    static final Duration ENDS = Duration.ofSeconds(300);
    /** How long a command may take to show the line a test waits for (start-up of the JVM, first requests). */
    static final Duration SHOWS = Duration.ofSeconds(180);

    /** The GPU nodes the Job tests run on, one GPU each. */
    static final List<String> GPU_NODES = List.of("aks-gpu-0", "aks-gpu-1");

    private static final List<String> rows = new ArrayList<>();

    @TempDir
    static Path dir;
    static Path adminViaProxy;
    static FaultProxy proxy;

    @BeforeAll
    static void setUp() throws Exception {
        assertTrue(Files.isExecutable(Proc.executable()), "mvn package builds " + Proc.executable());
        CLUSTER.apply("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: %s
                  labels: {fault: stuck, kubernetes.azure.com/accelerator: nvidia}
                """.formatted(STUCK_NODE));
        CLUSTER.kubectl("create", "namespace", "jobs");
        proxy = FaultProxy.start(CLUSTER.server());
        Path admin = CLUSTER.restrictedKubeconfig("faults-admin", """
                - {apiGroups: ['*'], resources: ['*'], verbs: ['*']}
                - {nonResourceURLs: ['*'], verbs: ['*']}""");
        adminViaProxy = dir.resolve("via-proxy.kubeconfig");
        Files.writeString(adminViaProxy, Files.readString(admin).replace(CLUSTER.server(), proxy.url()));
        Files.delete(admin);
    }

    @AfterAll
    static void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        StringBuilder md = new StringBuilder();
        rows.forEach(md::append);
        Reliability.write("faults", md.toString());
    }

    private static void row(String fault, String outcome) {
        rows.add("| " + fault + " | 1 | " + outcome + " |\n");
    }

    // ---- install ----------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void sigintDuringTheRolloutWaitExits130AndSaysWhatStaysApplied() throws Exception {
        try (Proc p = Proc.start("install", CLUSTER.kubeconfigArg(), "--node-selector", "fault=stuck", "--timeout", "5m")) {
            p.awaitStderr("rollout: ", SHOWS, "install reaches its rollout wait");
            p.signal("INT");
            assertEquals(130, p.waitFor(ENDS, "Ctrl-C ends install"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("interrupted: the device plugin is applied"));
            assertThat(p.toString(), p.stderr(), containsString("kubectl gpu uninstall"));
            assertClean(p);
        }
        CLUSTER.rest().get("/apis/apps/v1/namespaces/gpu-resources/daemonsets/nvidia-device-plugin-daemonset").then().statusCode(200);
        row("SIGINT during install's rollout wait", "exit 130, says the plugin stays applied and how to remove it; no error, no client noise");
    }

    @Test
    @Order(2)
    void sigtermDuringTheRolloutWaitWithVerboseExits130WithoutStackTraces() throws Exception {
        try (Proc p = Proc.start("install", CLUSTER.kubeconfigArg(), "--node-selector", "fault=stuck", "--timeout", "5m", "-v")) {
            p.awaitStderr("rollout: ", SHOWS, "install reaches its rollout wait");
            p.signal("TERM");
            assertEquals(130, p.waitFor(ENDS, "SIGTERM ends install"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("interrupted: the device plugin is applied"));
            assertClean(p);
            assertThat(p.toString(), p.stderr(), not(containsString("\tat ")));
        }
        Proc again = Proc.run(ENDS, "install", CLUSTER.kubeconfigArg(), "--node-selector", "fault=stuck", "--wait=false");
        assertEquals(0, again.exitCode(), again.toString());
        assertThat(again.toString(), again.stderr() + again.stdout(), containsString("nothing changed"));
        row("SIGTERM during install's rollout wait (-v)", "exit 130, no stack trace; a second install changes nothing");
    }

    @Test
    @Order(3)
    void apiServerKilledDuringTheRolloutWaitIsReportedAndTheWaitResumes() throws Exception {
        try (Proc p = Proc.start("install", CLUSTER.kubeconfigArg(), "--node-selector", "fault=stuck", "--timeout", "5m")) {
            p.awaitStderr("rollout: ", SHOWS, "install reaches its rollout wait");
            killApiServer();
            p.awaitStderr("cannot reach the API server at .*retrying", SHOWS, "the wait says that the server is gone");
            restart();
            p.awaitStderr("the API server answers again", SHOWS, "the wait says that the server is back");
            // the stuck node leaves the plugin's selector: nothing is left to roll out, and install ends well
            CLUSTER.kubectl("label", "node", STUCK_NODE, "fault-");
            assertEquals(0, p.waitFor(ENDS, "the rollout converges"), p.toString());
            assertClean(p);
        } finally {
            CLUSTER.kubectl("label", "node", STUCK_NODE, "fault=stuck", "--overwrite");
        }
        row("API server killed and restarted during install's rollout wait",
                "says it is unreachable and retrying, then that it answers again; install ends 0 when the rollout converges");
    }

    @Test
    @Order(4)
    void sigintBetweenTheNamespaceAndTheDaemonSetApplyLeavesAStateASecondRunCompletes() throws Exception {
        FaultProxy.Rule held = proxy.hold("PATCH /apis/apps/v1/namespaces/fault-apply/daemonsets/[^?]*\\?(?!.*dryRun)"); // the write, not a validating dry run
        try (Proc p = Proc.start("install", "--kubeconfig=" + adminViaProxy, "-n", "fault-apply", "--force", "--wait=false")) {
            assertTrue(held.awaitArrival(SHOWS.toSeconds()), "install reaches the DaemonSet apply" + p);
            p.signal("INT");
            assertEquals(130, p.waitFor(ENDS, "Ctrl-C ends install"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("interrupted while applying: applied so far: namespace/fault-apply created"));
            assertThat(p.toString(), p.stderr(), containsString("run 'kubectl gpu install' again"));
            assertClean(p);
        } finally {
            held.drop();
        }
        CLUSTER.rest().get("/api/v1/namespaces/fault-apply").then().statusCode(200);
        CLUSTER.rest().get("/apis/apps/v1/namespaces/fault-apply/daemonsets/nvidia-device-plugin-daemonset").then().statusCode(404);
        Proc again = Proc.run(ENDS, "install", CLUSTER.kubeconfigArg(), "-n", "fault-apply", "--force", "--wait=false");
        assertEquals(0, again.exitCode(), again.toString());
        assertThat(again.toString(), again.stdout(), containsString("namespace/fault-apply unchanged"));
        assertThat(again.toString(), again.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset created"));
        row("SIGINT between install's namespace and DaemonSet apply", "exit 130, names what was applied; a second install completes it");
    }

    @Test
    @Order(5)
    void apiServerKilledBetweenTheNamespaceAndTheDaemonSetApplyGivesExit3AndASecondRunCompletes() throws Exception {
        FaultProxy.Rule held = proxy.hold("PATCH /apis/apps/v1/namespaces/fault-kill/daemonsets/[^?]*\\?(?!.*dryRun)"); // the write, not a validating dry run
        try (Proc p = Proc.start("install", "--kubeconfig=" + adminViaProxy, "-n", "fault-kill", "--force", "--wait=false")) {
            assertTrue(held.awaitArrival(SHOWS.toSeconds()), "install reaches the DaemonSet apply" + p);
            killApiServer();
            held.release();
            assertEquals(3, p.waitFor(ENDS, "install fails when the server is gone"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("error: cannot reach the API server at " + proxy.url()));
            assertThat(p.toString(), p.stderr(), not(containsString("\tat ")));
        } finally {
            held.release();
            restart();
        }
        Proc again = Proc.run(ENDS, "install", CLUSTER.kubeconfigArg(), "-n", "fault-kill", "--force", "--wait=false");
        assertEquals(0, again.exitCode(), again.toString());
        assertThat(again.toString(), again.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset created"));
        row("API server killed between install's namespace and DaemonSet apply",
                "exit 3 'cannot reach the API server'; after the restart a second install completes it");
    }

    // ---- run --------------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void runWatchFollowSurvivesAKilledApiServerAndSaysSo() throws Exception {
        schedulableGpus();
        try (Proc p = Proc.start("run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "killed-follow",
                "-l", "kwok.kubectl-gpu.io/behaviour=slow", "--watch", "--follow", "--timeout", "5m")) {
            p.awaitStderr("Running", SHOWS, "the Job's pod runs");
            killApiServer();
            p.awaitStderr("cannot reach the API server at .*retrying", SHOWS, "run says that the server is gone");
            restart();
            assertEquals(0, p.waitFor(ENDS, "the Job completes after the restart"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("the API server answers again"));
            assertEquals(1, p.stdout().lines().filter(l -> l.matches("killed-follow\\s+1/1.*")).count(), "the final state once" + p);
            assertClean(p);
        }
        row("API server killed and restarted during run --watch --follow",
                "says it is unreachable and retrying, then that it answers again; the Job's outcome (0), its final line once");
    }

    @Test
    @Order(11)
    void ctrlCWithRmWhileTheApiServerIsGoneSaysTheJobCouldNotBeDeletedAndHow() throws Exception {
        schedulableGpus();
        try (Proc p = Proc.start("run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "orphan",
                "-l", "kwok.kubectl-gpu.io/behaviour=hold", "--watch", "--rm", "--timeout", "5m")) {
            p.awaitStderr("Running", SHOWS, "the Job's pod runs");
            killApiServer();
            p.awaitStderr("cannot reach the API server at .*retrying", SHOWS, "run says that the server is gone");
            p.signal("INT");
            assertEquals(130, p.waitFor(ENDS, "Ctrl-C ends run"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("interrupted: job orphan could NOT be deleted (--rm)"));
            assertThat(p.toString(), p.stderr(), containsString("kubectl gpu delete orphan -n jobs"));
            assertClean(p);
        } finally {
            restart();
        }
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/orphan").then().statusCode(200);
        Proc delete = Proc.run(ENDS, "delete", "orphan", "-n", "jobs", CLUSTER.kubeconfigArg());
        assertEquals(0, delete.exitCode(), delete.toString());
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/orphan").then().statusCode(404);
        row("SIGINT on run --watch --rm while the API server is down",
                "exit 130, says the Job could NOT be deleted and the exact command; that command deletes it later");
    }

    @Test
    @Order(12)
    void sigtermDuringRunWatchLeavesTheJobAndSaysHowToResume() throws Exception {
        schedulableGpus();
        try (Proc p = Proc.start("run", CLUSTER.kubeconfigArg(), "-n", "jobs", "--name", "terminated",
                "-l", "kwok.kubectl-gpu.io/behaviour=hold", "--watch", "--timeout", "5m")) {
            p.awaitStderr("Running", SHOWS, "the Job's pod runs");
            p.signal("TERM");
            assertEquals(130, p.waitFor(ENDS, "SIGTERM ends run"), p.toString());
            assertThat(p.toString(), p.stderr(), containsString("interrupted: job terminated keeps running"));
            assertClean(p);
        }
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/terminated").then().statusCode(200);
        // its pod holds a GPU until it is deleted: the later Job tests need it
        Proc delete = Proc.run(ENDS, "delete", "terminated", "-n", "jobs", CLUSTER.kubeconfigArg());
        assertEquals(0, delete.exitCode(), delete.toString());
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/terminated").then().statusCode(404);
        row("SIGTERM during run --watch", "exit 130; the Job keeps running, the message says how to follow or delete it");
    }

    @Test
    @Order(13)
    void sigintWhileCreatingTheJobExits130() throws Exception {
        FaultProxy.Rule held = proxy.hold("POST /apis/batch/v1/namespaces/jobs/jobs(?!.*dryRun)");
        try (Proc p = Proc.start("run", "--kubeconfig=" + adminViaProxy, "-n", "jobs", "--name", "never-sent", "--watch", "--rm")) {
            assertTrue(held.awaitArrival(SHOWS.toSeconds()), "run reaches the create" + p);
            p.signal("INT");
            assertEquals(130, p.waitFor(ENDS, "Ctrl-C ends run"), p.toString());
            assertClean(p);
        } finally {
            held.drop();
            proxy.clearRules();
        }
        CLUSTER.rest().get("/apis/batch/v1/namespaces/jobs/jobs/never-sent").then().statusCode(404);
        row("SIGINT while run's create request is in flight (never reaches the server)", "exit 130, quiet; no Job");
    }

    // ---- verify -----------------------------------------------------------------------------------------

    @Test
    @Order(20)
    void verifyWaitSaysWhenTheApiServerIsGoneAndBack() throws Exception {
        try (Proc p = Proc.start("verify", CLUSTER.kubeconfigArg(), "--wait", "--min-gpus", "999", "--timeout", "5m")) {
            p.awaitStderr("waiting: ", SHOWS, "verify waits");
            killApiServer();
            p.awaitStderr("cannot reach the API server at .*retrying", SHOWS, "verify says that the server is gone");
            restart();
            p.awaitStderr("the API server answers again", SHOWS, "verify says that the server is back");
            p.signal("INT");
            assertEquals(130, p.waitFor(ENDS, "Ctrl-C ends verify"), p.toString());
            assertClean(p);
        }
        row("API server killed and restarted during verify --wait", "says it is unreachable and retrying, then that it answers again");
    }

    // ---- through the proxy: 429, 503, 410, dropped connections ------------------------------------------

    @Test
    @Order(30)
    void tooManyRequestsWithRetryAfterIsRetriedAndTheCommandSucceeds() throws Exception {
        Proc baseline = Proc.run(ENDS, "verify", "--kubeconfig=" + adminViaProxy, "-o", "json");
        FaultProxy.Rule rule = proxy.respond("GET /api/v1/nodes", 1, 429, "Retry-After: 1\r\n",
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"too many requests\",\"reason\":\"TooManyRequests\",\"code\":429}");
        Proc p = Proc.run(ENDS, "verify", "--kubeconfig=" + adminViaProxy, "-o", "json");
        proxy.clearRules();
        assertEquals(1, rule.applied(), "the 429 was given" + proxy.log());
        assertEquals(baseline.exitCode(), p.exitCode(), "the same outcome as without the fault" + p + baseline);
        assertEquals(baseline.stdout().replaceAll("\"(generated|age)\" *: *\"[^\"]*\"", ""),
                p.stdout().replaceAll("\"(generated|age)\" *: *\"[^\"]*\"", ""), "the same report" + p);
        row("429 Too Many Requests with Retry-After (once)", "retried; the same outcome and report as without the fault");
    }

    @Test
    @Order(31)
    void serviceUnavailableBeyondTheRetriesEndsWithExit3AndAClearError() throws Exception {
        proxy.respond("GET /api/v1/nodes", 10, 503, "Retry-After: 1\r\n",
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"the server is shutting down\",\"reason\":\"ServiceUnavailable\",\"code\":503}");
        Proc p = Proc.run(ENDS, "verify", "--kubeconfig=" + adminViaProxy);
        proxy.clearRules();
        assertEquals(3, p.exitCode(), p.toString());
        assertThat(p.toString(), p.stderr(), containsString("error: the API server at " + proxy.url()));
        assertThat(p.toString(), p.stderr(), containsString("503"));
        assertOneErrorAndHint(p);
        row("503 Service Unavailable with Retry-After (every time)", "exit 3, one error line naming the server and 503, a hint");
    }

    @Test
    @Order(32)
    void goneOnTheWatchIsReListedAndTheJobIsFollowedToItsEnd() throws Exception {
        schedulableGpus();
        // how the API server says it: a watch whose resourceVersion is too old gets one ERROR event with a 410 Status
        FaultProxy.Rule rule = proxy.watchError("GET /apis/batch/v1/namespaces/jobs/jobs\\?.*watch=true", 1,
                "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\"too old resource version: 1 (2)\",\"reason\":\"Expired\",\"code\":410}");
        Proc p = Proc.run(ENDS, "run", "--kubeconfig=" + adminViaProxy, "-n", "jobs", "--name", "gone-watch", "--watch", "--timeout", "3m");
        proxy.clearRules();
        assertEquals(1, rule.applied(), "the 410 was given" + proxy.log());
        assertEquals(0, p.exitCode(), p.toString());
        assertEquals(1, p.stdout().lines().filter(l -> l.matches("gone-watch\\s+1/1.*")).count(), "the final state once" + p);
        row("410 Gone (an ERROR event) on the Job watch", "re-listed; the Job followed to its end (exit 0), its final line once");
    }

    @Test
    @Order(33)
    void connectionsDroppedMidWatchAreResumedWithoutRepeatingOrMissingAState() throws Exception {
        schedulableGpus();
        FaultProxy.Rule rule = proxy.dropAfterMillis("GET /api/v1/namespaces/jobs/pods\\?.*watch=true", 3, 300);
        Proc p = Proc.run(ENDS, "run", "--kubeconfig=" + adminViaProxy, "-n", "jobs", "--name", "dropped-watch",
                "-l", "kwok.kubectl-gpu.io/behaviour=slow", "--watch", "--timeout", "3m");
        proxy.clearRules();
        assertTrue(rule.applied() >= 1, "a watch was dropped" + proxy.log());
        assertEquals(0, p.exitCode(), p.toString());
        assertEquals(1, p.stdout().lines().filter(l -> l.matches("dropped-watch\\s+1/1.*")).count(), "the final state once" + p);
        assertEquals(1, p.stdout().lines().filter(l -> l.startsWith("NAME")).count(), p.toString());
        row("connection dropped mid-watch (" + rule.applied() + " times)", "resumed; exit 0, no state repeated or missed");
    }

    @Test
    @Order(34)
    void aConnectionDroppedMidListIsRetriedOrEndsWithExit3() throws Exception {
        Proc baseline = Proc.run(ENDS, "verify", "--kubeconfig=" + adminViaProxy, "-o", "json");
        FaultProxy.Rule rule = proxy.dropAfterBytes("GET /api/v1/nodes", 1, 200);
        Proc p = Proc.run(ENDS, "verify", "--kubeconfig=" + adminViaProxy, "-o", "json");
        proxy.clearRules();
        assertEquals(1, rule.applied(), "the list was cut" + proxy.log());
        if (p.exitCode() == 3) {
            assertThat(p.toString(), p.stderr(), containsString("error: cannot reach the API server at " + proxy.url()));
            assertOneErrorAndHint(p);
            row("connection dropped mid-list (verify)", "exit 3, one error line 'cannot reach the API server', a hint");
        } else {
            assertEquals(baseline.exitCode(), p.exitCode(), "retried: the same outcome as without the fault" + p);
            row("connection dropped mid-list (verify)", "retried; the same outcome as without the fault");
        }
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    /**
     * The Job tests need a GPU that the scheduler can give now. Run in order, the install tests before them leave
     * device plugins on the GPU nodes; run alone (-Dit.test=...), a plugin of the test's own is applied in
     * fault-gpus. A GPU may still be held by the pod of an earlier test's Job that is being deleted (the garbage
     * collector, restarted with the cluster, removes it in its own time): wait until one is free, and name the
     * holders if none comes free.
     */
    private static void schedulableGpus() {
        if (!"1".equals(CLUSTER.allocatableGpus("aks-gpu-0")) || !"1".equals(CLUSTER.allocatableGpus("aks-gpu-1"))) {
            CLUSTER.installDevicePluginIn("fault-gpus", Map.of("aks-gpu-0", 1, "aks-gpu-1", 1));
        }
        try (KubernetesClient client = CLUSTER.client()) {
            if (!Await.within(SHOWS, () -> gpuHolders(client).size() < GPU_NODES.size())) {
                fail("no free GPU on " + GPU_NODES + " within " + SHOWS.toSeconds() + "s; held by " + gpuHolders(client));
            }
        }
    }

    /** The pods that hold the GPUs of {@link #GPU_NODES} (one each), as namespace/name on node. */
    private static List<String> gpuHolders(KubernetesClient client) {
        return client.pods().inAnyNamespace()
                .withoutFields(Map.of("status.phase", "Succeeded")).withoutField("status.phase", "Failed").list().getItems().stream()
                // A pending pod has no node yet, and List.of(...).contains(null) throws.
                .filter(pod -> pod.getSpec().getNodeName() != null && GPU_NODES.contains(pod.getSpec().getNodeName()))
                .filter(pod -> GpuPods.requested(pod) > 0)
                .map(pod -> pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " on " + pod.getSpec().getNodeName())
                .toList();
    }

    /** No internal error, no client noise (fabric8's Reflector, a closed client), no exception without -v. */
    private static void assertClean(Proc p) {
        String all = p.stdout() + p.stderr();
        assertThat(p.toString(), all, not(containsString("internal error")));
        assertThat(p.toString(), all, not(containsString("Client is closed")));
        assertThat(p.toString(), all, not(containsString("Reflector")));
        assertThat(p.toString(), all, not(containsString("ERROR")));
        assertThat(p.toString(), all, not(containsString("error: ")));
    }

    private static void assertOneErrorAndHint(Proc p) {
        List<String> lines = p.stderr().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("error: ")).count(), p.toString());
        int at = lines.indexOf(lines.stream().filter(l -> l.startsWith("error: ")).findFirst().orElseThrow());
        assertTrue(at + 1 < lines.size() && lines.get(at + 1).startsWith("  "), "a hint follows" + p);
        assertThat(p.toString(), p.stderr(), not(containsString("\tat ")));
    }

    /** SIGKILL to the cluster's kube-apiserver: clients see connections refused until {@link #restart()}. */
    private static void killApiServer() throws IOException {
        Path pidFile = CLUSTER.kubeconfig().getParent().resolve("pids/kube-apiserver.pid");
        String pid = Files.readString(pidFile).trim();
        Testenv.exec(List.of("kill", "-KILL", pid), Map.of(), 10).requireSuccess();
    }

    /** testenv/cluster restart: every component stopped and started again, same ports, same state. */
    private static void restart() {
        Testenv.run(List.of(Testenv.repo().resolve("testenv/cluster").toString(), "restart", CLUSTER.name()));
    }
}
