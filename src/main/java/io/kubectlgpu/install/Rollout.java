package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.gpu.GpuNodes;
import io.kubectlgpu.gpu.PluginLogMessages;
import io.kubectlgpu.gpu.PodStates;
import io.kubectlgpu.kube.Nodes;
import io.kubectlgpu.kube.PodLogs;
import io.kubectlgpu.kube.Reachability;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Follows a DaemonSet rollout by watching it, and says per node why it did not converge. */
final class Rollout {
    /** How long install waits after the rollout for the plugin to register its GPUs (the real plugin: about 1 s). */
    static final Duration SETTLE = Duration.ofSeconds(30);

    private final KubernetesClient client;
    private final Console console;

    Rollout(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    void await(String namespace, String name, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        BlockingQueue<Optional<DaemonSet>> changes = new LinkedBlockingQueue<>();
        String last = "";
        Reachability reachability = new Reachability(client, console, "the rollout wait");
        try (SharedIndexInformer<DaemonSet> informer = reachability.inform(
                client.apps().daemonSets().inNamespace(namespace).withName(name), new ResourceEventHandler<DaemonSet>() {
                    @Override
                    public void onAdd(DaemonSet ds) {
                        changes.add(Optional.of(ds));
                    }

                    @Override
                    public void onUpdate(DaemonSet before, DaemonSet ds) {
                        changes.add(Optional.of(ds));
                    }

                    @Override
                    public void onDelete(DaemonSet ds, boolean finalStateUnknown) {
                        changes.add(Optional.empty());
                    }
                })) {
            while (true) {
                reachability.check();
                long left = deadline - System.nanoTime();
                Optional<DaemonSet> change = left <= 0 ? null
                        : changes.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (change == null) {
                    if (System.nanoTime() >= deadline) {
                        throw new GpuException(ExitCode.CONDITION_FAILED,
                                "the device plugin did not roll out within " + Durations.human(timeout) + ": " + diagnose(namespace, name),
                                "fix the cause above and run install again, or inspect with 'kubectl gpu verify'");
                    }
                    continue;
                }
                if (change.isEmpty()) {
                    throw new GpuException(ExitCode.CONDITION_FAILED, "the DaemonSet " + namespace + "/" + name
                            + " was deleted during the rollout", "run 'kubectl gpu install' again");
                }
                DaemonSet ds = change.get();
                String line = progress(ds.getStatus());
                if (!line.equals(last)) {
                    console.info(line);
                    last = line;
                }
                if (converged(ds)) {
                    settle(namespace, ds, deadline);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuException(ExitCode.INTERRUPTED, null);
        }
    }

    /**
     * NVIDIA's plugin has no readiness probe, so a container that fails at start (NVML cannot be loaded, say) is
     * "ready" between its crashes and the rollout converges anyway. After the rollout, wait until the GPU nodes the
     * plugin runs on advertise nvidia.com/gpu (the plugin has registered with their kubelet), at most
     * {@link #SETTLE} or what is left of the timeout, and fail as soon as a plugin container is seen crashing.
     * Running without registering is not decided here: install warns and verify says why.
     */
    private void settle(String namespace, DaemonSet ds, long deadline) throws InterruptedException {
        long until = Math.min(deadline, System.nanoTime() + SETTLE.toNanos());
        boolean told = false;
        while (true) {
            List<Pod> pods = client.pods().inNamespace(namespace)
                    .withLabels(ds.getSpec().getSelector().getMatchLabels()).list().getItems();
            Instant now = Instant.now();
            for (Pod pod : pods) {
                Optional<String> crash = PodStates.crashing(pod, now);
                if (crash.isPresent()) {
                    throw crashLoop(pod, crash.get());
                }
            }
            if (registered(pods) || System.nanoTime() >= until) {
                return;
            }
            if (!told) {
                console.info("rollout: waiting for the device plugin to register the GPUs with the kubelet");
                told = true;
            }
            Thread.sleep(Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime()), 1000)));
        }
    }

    /** Every GPU node with a plugin pod advertises nvidia.com/gpu (pods on other nodes, with --all-nodes, do not count). */
    private boolean registered(List<Pod> pods) {
        // one paged list of the nodes, not a GET per pod each second
        java.util.Map<String, Node> nodes = new java.util.HashMap<>();
        Nodes.listAll(client).forEach(n -> nodes.put(n.getMetadata().getName(), n));
        for (Pod pod : pods) {
            Node node = nodes.get(PodStates.nodeName(pod));
            if (node != null && GpuNodes.looksLikeGpuNode(node) && GpuNodes.allocatable(node) == 0) {
                return false;
            }
        }
        return true;
    }

    private GpuException crashLoop(Pod pod, String how) {
        String name = pod.getMetadata().getName();
        String node = Objects.requireNonNullElse(PodStates.nodeName(pod), "<unscheduled>");
        List<String> log = PodLogs.lastLines(client, pod, 20);
        Optional<PluginLogMessages.Known> known = PluginLogMessages.match(log, true);
        String last = log.isEmpty() ? "" : "; last log line: " + log.get(log.size() - 1);
        return new GpuException(ExitCode.CONDITION_FAILED,
                "the device plugin keeps crashing on " + node + ": pod " + name + " " + how
                        + known.map(k -> " (" + k.meaning() + ")").orElse("") + last,
                known.map(PluginLogMessages.Known::fix).orElse("read its log with 'kubectl logs -n "
                        + pod.getMetadata().getNamespace() + " " + name + " --previous', fix the cause and run install again"));
    }

    static boolean converged(DaemonSet ds) {
        DaemonSetStatus s = ds.getStatus();
        if (s == null || s.getObservedGeneration() == null || s.getObservedGeneration() < ds.getMetadata().getGeneration()) {
            return false;
        }
        int desired = n(s.getDesiredNumberScheduled());
        return n(s.getUpdatedNumberScheduled()) == desired && n(s.getNumberAvailable()) == desired
                && n(s.getNumberUnavailable()) == 0;
    }

    private static String progress(DaemonSetStatus s) {
        if (s == null) {
            return "rollout: waiting for the DaemonSet controller";
        }
        int desired = n(s.getDesiredNumberScheduled());
        if (desired == 0) {
            return "rollout: no node selected for the device plugin yet";
        }
        return "rollout: device plugin pods ready on " + n(s.getNumberReady()) + " of " + desired
                + (desired == 1 ? " GPU node" : " GPU nodes") + " (" + n(s.getCurrentNumberScheduled()) + " scheduled, "
                + n(s.getUpdatedNumberScheduled()) + " up to date)";
    }

    /** One phrase per pod that is not ready: "node-a: pod P pending: 0/3 nodes are available ...". */
    private String diagnose(String namespace, String name) {
        DaemonSet ds = client.apps().daemonSets().inNamespace(namespace).withName(name).get();
        if (ds == null) {
            return "the DaemonSet was deleted";
        }
        List<Pod> pods = client.pods().inNamespace(namespace)
                .withLabels(ds.getSpec().getSelector().getMatchLabels()).list().getItems();
        List<String> problems = new ArrayList<>();
        for (Pod pod : pods) {
            if (PodStates.isReady(pod)) {
                continue;
            }
            String node = Objects.requireNonNullElse(PodStates.nodeName(pod), "<unscheduled>");
            String state = PodStates.state(pod);
            String detail = PodStates.unschedulableMessage(pod).orElse(null);
            if (detail == null && ("CrashLoopBackOff".equals(state) || "Error".equals(state) || PodStates.restarts(pod) > 0)) {
                detail = PodLogs.lastLines(client, pod, 1).stream().findFirst().map(l -> "last log line: " + l).orElse(null);
            }
            problems.add(node + ": pod " + pod.getMetadata().getName() + " " + state + (detail == null ? "" : " (" + detail + ")"));
        }
        DaemonSetStatus s = ds.getStatus();
        if (problems.isEmpty()) {
            return n(s == null ? null : s.getNumberReady()) + " of " + n(s == null ? null : s.getDesiredNumberScheduled())
                    + " pods ready, the controller has not caught up";
        }
        return String.join("; ", problems);
    }

    private static int n(Integer i) {
        return i == null ? 0 : i;
    }
}
