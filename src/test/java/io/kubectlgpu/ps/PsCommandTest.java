package io.kubectlgpu.ps;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

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
 * ps on a kwok cluster with GPU pods of every kind: a Deployment's pod, a Job's pod, a pod on a MIG
 * slice, a pod too big for any node (Pending with the scheduler's reason), and a CPU pod that ps leaves out.
 */
@QuarkusMainTest
class PsCommandTest {
    static final KwokCluster CLUSTER = Testenv.auditedCluster("ps", "multi-gpu.yaml", "aks-gpu-pool.yaml", "cpu-system.yaml");

    @BeforeAll
    static void workloads() throws Exception {
        // the fixtures' GPUs appear once a device plugin runs (testenv's device manager)
        // 180 s: the plugin's rollout and the device manager's status writes on a saturated 2-core machine
        CLUSTER.installDevicePlugin(Map.of());
        CLUSTER.await(180, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=1", "node/aks-gpu-0");
        CLUSTER.await(180, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=1", "node/aks-gpu-1");
        CLUSTER.await(180, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=8", "node/dgx-0");
        CLUSTER.apply("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: a100-mig
                  annotations: {kwok.x-k8s.io/node: fake}
                  labels: {nvidia.com/gpu.present: "true", nvidia.com/mig.strategy: mixed}
                status:
                  capacity: {cpu: "8", memory: 64Gi, pods: "110", nvidia.com/mig-1g.10gb: "7"}
                  allocatable: {cpu: "8", memory: 64Gi, pods: "110", nvidia.com/mig-1g.10gb: "7"}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-a}
                ---
                apiVersion: v1
                kind: Namespace
                metadata: {name: team-b}
                """);
        // pods need their namespace's service account, which the controller manager creates
        for (String ns : List.of("team-a", "team-b")) {
            CLUSTER.await(180, "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", ns);
        }
        CLUSTER.apply("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: train, namespace: team-a}
                spec:
                  replicas: 1
                  selector: {matchLabels: {app: train}}
                  template:
                    metadata: {labels: {app: train}}
                    spec:
                      tolerations: [{key: nvidia.com/gpu, operator: Exists, effect: NoSchedule}]
                      nodeSelector: {nvidia.com/gpu.present: "true", nvidia.com/gpu.count: "8"}
                      containers: [{name: train, image: cuda, resources: {limits: {nvidia.com/gpu: 2}}}]
                ---
                apiVersion: batch/v1
                kind: Job
                metadata: {name: batch, namespace: team-a}
                spec:
                  template:
                    metadata:
                      labels: {app: batch, kwok.kubectl-gpu.io/behaviour: slow}
                      # runs for an hour: it holds its GPU for the whole test (kwok ends it afterwards)
                      annotations: {kwok.kubectl-gpu.io/run-ms: "1h"}
                    spec:
                      restartPolicy: OnFailure
                      tolerations: [{key: sku, operator: Equal, value: gpu, effect: NoSchedule}]
                      containers: [{name: batch, image: cuda, resources: {limits: {nvidia.com/gpu: 1}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: mig-notebook, namespace: team-b}
                spec:
                  containers: [{name: nb, image: jupyter, resources: {limits: {nvidia.com/mig-1g.10gb: 1}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: too-big, namespace: team-b}
                spec:
                  containers: [{name: train, image: cuda, resources: {limits: {nvidia.com/gpu: 16}}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: web, namespace: team-b}
                spec:
                  containers: [{name: web, image: nginx}]
                """);
        // controllers, scheduler and kwok take seconds; 180 s leaves room for a machine that also builds natively
        CLUSTER.await(180, "--for=condition=Ready", "pod", "-l", "app=train", "-n", "team-a");
        CLUSTER.await(180, "--for=jsonpath={.status.phase}=Running", "pod", "-l", "app=batch", "-n", "team-a");
        CLUSTER.await(180, "--for=condition=Ready", "pod/mig-notebook", "pod/web", "-n", "team-b");
        CLUSTER.await(180, "--for=condition=PodScheduled=False", "pod/too-big", "-n", "team-b");
    }

    /** NAMESPACE, NAME and NODE of each line (ages move on between two runs). */
    private static List<String> podsOf(Cli run) {
        return run.stdout().lines().map(l -> String.join(" ", List.of(l.split("\\s+")).subList(0, 3))).toList();
    }

    private static String line(Cli run, String pod) {
        return run.stdout().lines().filter(l -> l.contains(pod)).findFirst()
                .orElseThrow(() -> new AssertionError("no line for " + pod + run));
    }

    @Test
    void everyGpuPodOfEveryNamespaceWithNodeGpusOwnerAndHeldTime(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "ps", "-A", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> header = List.of(run.stdout().lines().findFirst().orElseThrow().split("\\s+"));
        assertEquals(List.of("NAMESPACE", "NAME", "NODE", "GPUS", "STATUS", "AGE", "HELD", "OWNER"), header, run.toString());
        assertThat(run.toString(), line(run, "train-"), org.hamcrest.Matchers.matchesPattern(
                "team-a\\s+train-\\S+\\s+dgx-0\\s+2\\s+Running\\s+\\S+\\s+\\S+\\s+Deployment/train"));
        assertThat(run.toString(), line(run, "batch-"), org.hamcrest.Matchers.matchesPattern(
                "team-a\\s+batch-\\S+\\s+aks-gpu-[01]\\s+1\\s+Running\\s+\\S+\\s+\\S+\\s+Job/batch"));
        assertThat(run.toString(), line(run, "mig-notebook"), org.hamcrest.Matchers.matchesPattern(
                "team-b\\s+mig-notebook\\s+a100-mig\\s+mig-1g.10gb=1\\s+Running\\s+\\S+\\s+\\S+\\s+<none>"));
        assertThat(run.toString(), line(run, "too-big"), org.hamcrest.Matchers.matchesPattern(
                "team-b\\s+too-big\\s+<none>\\s+16\\s+Pending\\s+\\S+\\s+-\\s+<none>"));
        assertThat(run.toString(), run.stdout(), not(containsString("web")));
        // the Pending pod, as verify explains it: what it asks for, the largest free amount, the scheduler's message
        assertThat(run.toString(), run.stdout(), containsString("1 pod waits for GPUs:"));
        assertThat(run.toString(), run.stdout(), containsString(
                "team-b/too-big: asks for 16 nvidia.com/gpu; the largest free amount on any node is 6 (dgx-0); scheduler: 0/"));
        assertThat(run.toString(), run.stdout(), containsString("Insufficient nvidia.com/gpu"));
        assertEquals("", run.stderr(), run.toString());
    }

    @Test
    void namespaceNodeAndLabelFiltersAsInKubectl(QuarkusMainLauncher launcher) {
        Cli teamA = Cli.run(launcher, "ps", "-n", "team-a", CLUSTER.kubeconfigArg(), "--no-headers");
        assertEquals(0, teamA.exitCode(), teamA.toString());
        assertEquals(2, teamA.stdout().lines().count(), teamA.toString());
        assertThat(teamA.toString(), teamA.stdout(), startsWith("batch-")); // no NAMESPACE column without -A

        Cli onDgx = Cli.run(launcher, "ps", "-A", "--node", "dgx-0", CLUSTER.kubeconfigArg(), "--no-headers");
        assertEquals(0, onDgx.exitCode(), onDgx.toString());
        assertEquals(1, onDgx.stdout().lines().count(), onDgx.toString());
        assertThat(onDgx.toString(), onDgx.stdout(), containsString("train-"));

        Cli labelled = Cli.run(launcher, "ps", "-A", "-l", "app=batch", CLUSTER.kubeconfigArg(), "--no-headers");
        assertEquals(1, labelled.stdout().lines().count(), labelled.toString());
        assertThat(labelled.toString(), labelled.stdout(), containsString("batch-"));

        Cli defaultNamespace = Cli.run(launcher, "ps", "-n", "default", CLUSTER.kubeconfigArg());
        assertEquals(0, defaultNamespace.exitCode(), defaultNamespace.toString());
        assertEquals("", defaultNamespace.stdout(), defaultNamespace.toString());
        assertThat(defaultNamespace.toString(), defaultNamespace.stderr(), containsString("No GPU pods in namespace default."));

        // without -n: the whole cluster, as with -A (the context's namespace, default, holds no GPU pod);
        // and --node answers for every namespace's pods on that node
        Cli everyNamespace = Cli.run(launcher, "ps", CLUSTER.kubeconfigArg(), "--no-headers");
        assertEquals(0, everyNamespace.exitCode(), everyNamespace.toString());
        assertEquals(podsOf(Cli.run(launcher, "ps", "-A", CLUSTER.kubeconfigArg(), "--no-headers")), podsOf(everyNamespace));
        assertEquals(4, everyNamespace.stdout().lines().count(), everyNamespace.toString());
        Cli nodeOfEveryNamespace = Cli.run(launcher, "ps", "--node", "a100-mig", CLUSTER.kubeconfigArg(), "--no-headers");
        assertThat(nodeOfEveryNamespace.toString(), nodeOfEveryNamespace.stdout().strip(), // one line: '.' stops at a newline
                org.hamcrest.Matchers.matchesPattern("team-b\\s+mig-notebook\\s+a100-mig\\s.*"));
        Cli allWins = Cli.run(launcher, "ps", "-A", "-n", "team-a", CLUSTER.kubeconfigArg(), "--no-headers");
        assertEquals(4, allWins.stdout().lines().count(), allWins.toString());
    }

    @Test
    void sortedByGpusOrAge(QuarkusMainLauncher launcher) {
        Cli byGpus = Cli.run(launcher, "ps", "-A", "--sort-by", "gpus", "--no-headers", CLUSTER.kubeconfigArg());
        assertEquals(0, byGpus.exitCode(), byGpus.toString());
        List<String> names = byGpus.stdout().lines().map(l -> l.split("\\s+")[1]).toList();
        assertEquals(4, names.size(), byGpus.toString());
        assertEquals("too-big", names.get(0), byGpus.toString());
        assertThat(byGpus.toString(), names.get(1), startsWith("train-"));
        assertThat(byGpus.toString(), names.get(2), startsWith("batch-")); // 1 GPU each: namespace, then name
        assertEquals("mig-notebook", names.get(3), byGpus.toString());

        Cli byAge = Cli.run(launcher, "ps", "-A", "--sort-by", "age", "--no-headers", CLUSTER.kubeconfigArg());
        assertEquals(0, byAge.exitCode(), byAge.toString());
        assertEquals(4, byAge.stdout().lines().count(), byAge.toString());
        Cli bad = Cli.run(launcher, "ps", "--sort-by", "memory", CLUSTER.kubeconfigArg());
        assertEquals(2, bad.exitCode(), bad.toString());
        assertThat(bad.toString(), bad.stderr(), containsString("--sort-by 'memory' is not gpus or age"));
    }

    @Test
    void totalsPerNamespace(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "ps", "-A", "--by", "namespace", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(List.of("NAMESPACE", "PODS", "UNBOUND", "GPUS", "HELD", "OTHER"), List.of(lines.get(0).split("\\s+")), run.toString());
        assertThat(run.toString(), lines.get(1), org.hamcrest.Matchers.matchesPattern("team-a\\s+2\\s+0\\s+3\\s+3\\s+<none>"));
        assertThat(run.toString(), lines.get(2), org.hamcrest.Matchers.matchesPattern("team-b\\s+2\\s+1\\s+16\\s+0\\s+mig-1g.10gb=1"));
        assertThat(run.toString(), lines.get(3), org.hamcrest.Matchers.matchesPattern("TOTAL\\s+4\\s+1\\s+19\\s+3\\s+mig-1g.10gb=1"));
    }

    @Test
    void jsonAndYamlFollowTheDocumentedSchema(QuarkusMainLauncher launcher) throws Exception {
        Cli run = Cli.run(launcher, "ps", "-A", "-o", "json", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("", run.stderr(), run.toString());
        var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("docs/ps-report.schema.json")));
        JsonNode json = new ObjectMapper().readTree(run.stdout());
        Set<ValidationMessage> errors = schema.validate(json);
        assertThat(errors.toString(), errors, empty());
        ((com.fasterxml.jackson.databind.node.ObjectNode) json).put("undocumented", 1);
        assertThat(schema.validate(json), not(empty()));

        JsonPath report = JsonPath.from(run.stdout());
        assertEquals("GpuPodList", report.getString("kind"));
        assertEquals(4, report.getInt("total.pods"));
        Map<String, Object> tooBig = report.getMap("pods.find { it.name == 'too-big' }");
        assertNull(tooBig.get("node"), tooBig.toString());
        assertThat(tooBig.toString(), (String) tooBig.get("schedulerMessage"), containsString("Insufficient nvidia.com/gpu"));
        Map<String, Object> train = report.getMap("pods.find { it.ownerName == 'train' }");
        assertEquals("Deployment", train.get("ownerKind"));
        assertNotNull(train.get("boundAt"), train.toString());
        assertEquals(Map.of("nvidia.com/mig-1g.10gb", 1), report.getMap("pods.find { it.name == 'mig-notebook' }.resources"));

        Cli yaml = Cli.run(launcher, "ps", "-n", "team-b", "-o", "yaml", CLUSTER.kubeconfigArg());
        assertEquals(0, yaml.exitCode(), yaml.toString());
        assertThat(yaml.toString(), yaml.stdout(), containsString("kind: GpuPodList"));
        assertThat(yaml.toString(), yaml.stdout(), containsString("namespace: team-b"));
        assertThat(yaml.toString(), yaml.stdout(), containsString("nvidia.com/mig-1g.10gb: 1"));
    }

    @Test
    void wideShowsPhaseBindingTimeAndReason(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "ps", "-n", "team-b", "-o", "wide", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        List<String> header = List.of(run.stdout().lines().findFirst().orElseThrow().split("\\s+"));
        assertEquals(List.of("NAME", "NODE", "GPUS", "STATUS", "AGE", "HELD", "OWNER", "PHASE", "BOUND", "REASON"), header, run.toString());
        // listing one namespace, ps cannot know what other namespaces hold: the scheduler's message alone
        assertThat(run.toString(), line(run, "too-big"), containsString("scheduler: 0/"));
        assertThat(run.toString(), run.stdout(), not(containsString("waits for GPUs")));
    }

    @Test
    void requestsArePagesNotPerPodOrNode(QuarkusMainLauncher launcher) throws Exception {
        long before = CLUSTER.auditedRequests("kubectl-gpu/");
        Cli run = Cli.run(launcher, "ps", "-A", "-o", "json", CLUSTER.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        // one page of pods, and (a pod waits for GPUs) one page of nodes
        assertEquals(2, auditedSince(before, 2));

        before = CLUSTER.auditedRequests("kubectl-gpu/");
        Cli namespaced = Cli.run(launcher, "ps", "-n", "team-a", "-o", "json", CLUSTER.kubeconfigArg());
        assertEquals(0, namespaced.exitCode(), namespaced.toString());
        assertEquals(1, auditedSince(before, 1), "one page of pods, no nodes");
    }

    /** Requests since {@code before}, once at least {@code expected} are in the audit log (written when each finishes). */
    private static long auditedSince(long before, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(5);
        long seen;
        do {
            seen = CLUSTER.auditedRequests("kubectl-gpu/") - before;
            if (seen >= expected) {
                return seen;
            }
            Thread.sleep(50);
        } while (System.nanoTime() < deadline);
        return seen;
    }
}
