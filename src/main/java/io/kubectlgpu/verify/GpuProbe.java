package io.kubectlgpu.verify;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.gpu.Labels;
import io.kubectlgpu.gpu.PodStates;
import io.kubectlgpu.kube.PodLogs;
import io.kubectlgpu.manifest.PluginManifests;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.run.GpuJobs;
import io.kubectlgpu.core.Interrupts;
import io.kubectlgpu.verify.GpuReport.Expectation;
import io.kubectlgpu.verify.GpuReport.Finding;
import io.kubectlgpu.verify.GpuReport.Probe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * verify --probe: one short pod per GPU node, pinned to it by required node affinity on its name (so the
 * scheduler decides, and says why not), asking for one GPU, tolerating what the device plugin tolerates,
 * running nvidia-smi (the nvidia-smi sample) or another image. Waits by watching the probe pods, reports
 * each node as passed, failed (exit code, last log lines) or unschedulable (the scheduler's message), and
 * deletes every probe pod at the end, also on Ctrl-C.
 */
public final class GpuProbe {
    public static final String COMPONENT = "gpu-probe";
    /** Every probe pod of one verify run carries this label with the run's id: one request deletes them all. */
    public static final String RUN_LABEL = "kubectl-gpu.io/probe-run";
    public static final String NODE_ANNOTATION = "kubectl-gpu.io/probe-node";
    /** Log lines are read for at most this many failed probes: a bounded cost however many fail. */
    static final int MAX_LOG_READS = 20;

    /**
     * @param namespace where the probe pods run
     * @param image     null for the nvidia-smi sample's image
     */
    public record Options(String namespace, String image, Duration timeout) {
    }

    private final KubernetesClient client;
    private final Console console;

    public GpuProbe(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    /** Probes every GPU node of the report (or the --node one) and returns the report with the outcomes. */
    /** PLUGINS: the device plugin DaemonSets the report was read from; the probes tolerate what they tolerate. */
    public GpuReport probe(GpuReport report, Expectations expectations, Options options, List<DaemonSet> plugins)
            throws InterruptedException {
        List<String> nodes = report.nodes().stream().filter(GpuReport.NodeRecord::gpuNode).map(GpuReport.NodeRecord::name)
                .filter(n -> expectations.node() == null || expectations.node().equals(n)).toList();
        List<Probe> results = nodes.isEmpty() ? List.of() : run(nodes, options, tolerations(plugins));
        return report.withProbes(results, findings(results, options), expectation(results));
    }

    private List<Probe> run(List<String> nodes, Options options, List<Toleration> tolerations) throws InterruptedException {
        String runId = randomId();
        String namespace = options.namespace();
        Map<String, Pod> latest = new ConcurrentHashMap<>();
        Semaphore changed = new Semaphore(0);
        var probePods = client.pods().inNamespace(namespace).withLabel(RUN_LABEL, runId);
        Interrupts.Handle interrupt = Interrupts.during(() -> {
            probePods.delete();
            console.err().println("\ninterrupted: the probe pods of this run were deleted");
            console.err().flush();
        });
        try (SharedIndexInformer<Pod> informer = probePods.inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                seen(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod pod) {
                seen(pod);
            }

            @Override
            public void onDelete(Pod pod, boolean deletedFinalStateUnknown) {
                seen(pod);
            }

            private void seen(Pod pod) {
                latest.put(pod.getMetadata().getName(), pod);
                changed.release();
            }
        })) {
            console.info("probing " + nodes.size() + (nodes.size() == 1 ? " GPU node" : " GPU nodes") + " with "
                    + image(options) + " (one pod per node, 1 GPU, in namespace " + namespace + ", at most "
                    + Durations.human(options.timeout()) + ")");
            long started = System.nanoTime();
            long deadline = started + options.timeout().toNanos();
            Map<String, String> podOfNode = new LinkedHashMap<>();
            for (String node : nodes) {
                Pod created = client.pods().inNamespace(namespace).resource(pod(node, runId, options, tolerations)).create();
                podOfNode.put(node, created.getMetadata().getName());
            }
            Map<String, Probe> done = new LinkedHashMap<>();
            int logReads = 0;
            while (done.size() < nodes.size()) {
                for (var e : podOfNode.entrySet()) {
                    Pod pod = latest.get(e.getValue());
                    if (done.containsKey(e.getKey()) || pod == null) {
                        continue;
                    }
                    Optional<Probe> outcome = outcome(e.getKey(), pod, seconds(started), logReads < MAX_LOG_READS);
                    if (outcome.isPresent()) {
                        if (Probe.FAILED.equals(outcome.get().result())) {
                            logReads++;
                        }
                        done.put(e.getKey(), outcome.get());
                        console.info("probe on " + e.getKey() + ": " + describe(outcome.get()));
                    }
                }
                long left = deadline - System.nanoTime();
                if (done.size() < nodes.size() && (left <= 0 || !changed.tryAcquire(left, TimeUnit.NANOSECONDS))) {
                    break;
                }
                changed.drainPermits();
            }
            for (var e : podOfNode.entrySet()) {
                if (!done.containsKey(e.getKey())) {
                    Pod pod = latest.get(e.getValue());
                    String state = pod == null ? "not seen" : PodStates.state(pod);
                    Probe timedOut = new Probe(e.getKey(), e.getValue(), Probe.FAILED, null,
                            "did not finish in " + Durations.human(options.timeout()) + " (" + state + ")",
                            pod != null && "Running".equals(state) && logReads++ < MAX_LOG_READS ? PodLogs.lastLines(client, pod, 5)
                                    : List.of(), seconds(started));
                    done.put(e.getKey(), timedOut);
                    console.info("probe on " + e.getKey() + ": " + describe(timedOut));
                }
            }
            return nodes.stream().map(done::get).toList();
        } finally {
            probePods.delete();
            interrupt.close();
        }
    }

    /** The probe's outcome once known: Succeeded, Failed, or a pod the scheduler cannot place; empty while it runs. */
    private Optional<Probe> outcome(String node, Pod pod, long seconds, boolean readLogs) {
        String name = pod.getMetadata().getName();
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase)) {
            return Optional.of(new Probe(node, name, Probe.PASSED, exitCode(pod), null, List.of(), seconds));
        }
        if ("Failed".equals(phase)) {
            Integer code = exitCode(pod);
            String reason = code != null ? "exit code " + code
                    : pod.getStatus().getReason() != null ? pod.getStatus().getReason() + ": " + pod.getStatus().getMessage() : "Failed";
            return Optional.of(new Probe(node, name, Probe.FAILED, code, reason,
                    readLogs ? PodLogs.lastLines(client, pod, 5) : List.of(), seconds));
        }
        if (PodStates.nodeName(pod) == null) {
            return PodStates.unschedulableMessage(pod)
                    .map(m -> new Probe(node, name, Probe.UNSCHEDULABLE, null, m, List.of(), seconds));
        }
        return Optional.empty();
    }

    private static Integer exitCode(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return null;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            if (cs.getState() != null && cs.getState().getTerminated() != null) {
                return cs.getState().getTerminated().getExitCode();
            }
        }
        return null;
    }

    /**
     * What a probe tolerates: what the device plugin tolerates, so that it goes wherever the plugin serves GPUs. That
     * is the manifest's GPU tolerations and those of the plugin DaemonSets in the cluster (install's --toleration,
     * another plugin's own), without CriticalAddonsOnly: a probe is a workload, not an add-on.
     */
    static List<Toleration> tolerations(List<DaemonSet> plugins) {
        Set<Toleration> all = new LinkedHashSet<>(GpuJobs.gpuTolerations());
        for (DaemonSet plugin : plugins) {
            List<Toleration> own = plugin.getSpec().getTemplate().getSpec().getTolerations();
            if (own != null) {
                own.stream().filter(t -> !GpuJobs.CRITICAL_ADDONS_ONLY.equals(t.getKey())).forEach(all::add);
            }
        }
        return List.copyOf(all);
    }

    /** A pod on exactly this node (the scheduler decides, so that it can say why not), 1 GPU, the plugin's tolerations. */
    static Pod pod(String node, String runId, Options options, List<Toleration> tolerations) {
        Container sample = PluginManifests.load("samples/nvidia-smi.yaml", Job.class).getSpec().getTemplate().getSpec()
                .getContainers().getFirst();
        Container c = new io.fabric8.kubernetes.api.model.ContainerBuilder().withName("probe").withImage(image(options))
                .withCommand(sample.getCommand())
                .withNewResources().withLimits(Map.of(Labels.GPU_RESOURCE, new Quantity("1"))).endResources().build();
        return new PodBuilder()
                .withNewMetadata().withGenerateName("gpu-probe-" + shortName(node) + "-")
                .addToLabels(Labels.MANAGED_BY, Labels.KUBECTL_GPU).addToLabels(Labels.PART_OF, Labels.KUBECTL_GPU)
                .addToLabels(GpuJobs.COMPONENT, COMPONENT).addToLabels(RUN_LABEL, runId)
                .addToAnnotations(NODE_ANNOTATION, node).endMetadata()
                .withNewSpec().withRestartPolicy("Never")
                // the kubelet ends a probe left behind (a killed verify) on its own
                .withActiveDeadlineSeconds(options.timeout().toSeconds() + 60).withTerminationGracePeriodSeconds(5L)
                .withNewAffinity().withNewNodeAffinity().withNewRequiredDuringSchedulingIgnoredDuringExecution()
                .addNewNodeSelectorTerm().withMatchFields(new NodeSelectorRequirement("metadata.name", "In", List.of(node)))
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity()
                .withTolerations(tolerations).withContainers(c).endSpec().build();
    }

    static String image(Options options) {
        return options.image() != null ? options.image()
                : PluginManifests.load("samples/nvidia-smi.yaml", Job.class).getSpec().getTemplate().getSpec().getContainers()
                        .getFirst().getImage();
    }

    /** A node name shortened to fit a pod name with its prefix and random suffix. */
    private static String shortName(String node) {
        String s = node.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        s = s.length() > 40 ? s.substring(0, 40) : s;
        return s.replaceAll("-+$", "");
    }

    static List<Finding> findings(List<Probe> results, Options options) {
        List<Finding> out = new ArrayList<>();
        for (Probe p : results) {
            if (Probe.FAILED.equals(p.result())) {
                out.add(new Finding(Findings.PROBE_FAILED, "error", List.of(p.node()), List.of(options.namespace() + "/" + p.pod()),
                        "the GPU probe on " + p.node() + " failed: " + p.reason(),
                        p.logs().isEmpty() ? "no log lines" : "last log lines: " + String.join(" | ", p.logs()),
                        p.exitCode() == null ? "kubectl describe node " + p.node() + "; check that the probe image can be pulled there"
                                : "check the driver on " + p.node() + " (nvidia-smi on the node, dmesg for XID errors), "
                                        + "then drain and reboot it or replace it"));
            } else if (Probe.UNSCHEDULABLE.equals(p.result())) {
                out.add(new Finding(Findings.PROBE_UNSCHEDULABLE, "error", List.of(p.node()),
                        List.of(options.namespace() + "/" + p.pod()),
                        "the GPU probe could not be scheduled on " + p.node(), "scheduler: " + p.reason(),
                        "free a GPU on " + p.node() + " (kubectl gpu ps -A --node " + p.node() + ") or fix what the scheduler names"));
            }
        }
        return out;
    }

    static Expectation expectation(List<Probe> results) {
        Map<String, List<String>> notPassed = results.stream().filter(p -> !Probe.PASSED.equals(p.result()))
                .collect(Collectors.groupingBy(Probe::result, LinkedHashMap::new, Collectors.mapping(Probe::node, Collectors.toList())));
        String actual;
        if (results.isEmpty()) {
            actual = "no GPU node to probe";
        } else if (notPassed.isEmpty()) {
            actual = results.size() == 1 ? "the probe passed" : "all " + results.size() + " passed";
        } else {
            List<String> parts = new ArrayList<>();
            List<String> failed = notPassed.getOrDefault(Probe.FAILED, List.of());
            List<String> unschedulable = notPassed.getOrDefault(Probe.UNSCHEDULABLE, List.of());
            if (!failed.isEmpty()) {
                parts.add("failed on " + names(failed));
            }
            if (!unschedulable.isEmpty()) {
                parts.add("could not be scheduled on " + names(unschedulable));
            }
            actual = String.join(" and ", parts);
        }
        return new Expectation("probes", "every GPU node's probe passes", actual, notPassed.isEmpty());
    }

    private static String names(List<String> nodes) {
        List<String> sorted = nodes.stream().sorted(Comparator.naturalOrder()).toList();
        return sorted.size() <= 5 ? String.join(", ", sorted)
                : String.join(", ", sorted.subList(0, 5)) + " and " + (sorted.size() - 5) + " more";
    }

    static String describe(Probe p) {
        return switch (p.result()) {
            case Probe.PASSED -> "passed (" + p.seconds() + "s)";
            case Probe.UNSCHEDULABLE -> "could not be scheduled: " + p.reason();
            default -> "failed: " + p.reason() + (p.logs().isEmpty() ? "" : "; last log line: " + p.logs().getLast());
        };
    }

    private static long seconds(long startedNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos);
    }

    /** A run's id: unique, not secret; drawn at run time, never frozen into the native image. */
    private static String randomId() {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 6; i++) {
            sb.append(alphabet.charAt(java.util.concurrent.ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }
}
