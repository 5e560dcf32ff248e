package io.kubectlgpu.verify;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.gpu.GpuPods;
import io.kubectlgpu.kube.PodLogs;
import io.kubectlgpu.kube.Reachability;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/** Reads the cluster once (or watches it until the expectations hold) and evaluates it with GpuHealth. */
public final class GpuVerifier {
    private final KubernetesClient client;
    private final Console console;
    private List<DaemonSet> pluginDaemonSets = List.of();

    public GpuVerifier(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    public GpuReport verifyOnce(Expectations expectations) {
        ClusterSnapshot snapshot = ClusterSnapshot.read(client);
        requireKnownNode(snapshot, expectations);
        return report(snapshot, expectations);
    }

    /** The device plugin DaemonSets the last report was made from (verify --probe tolerates what they tolerate). */
    public List<DaemonSet> pluginDaemonSets() {
        return pluginDaemonSets;
    }

    /** The final report of SNAPSHOT, with the plugins' log lines; keeps the snapshot's plugin DaemonSets. */
    private GpuReport report(ClusterSnapshot snapshot, Expectations expectations) {
        pluginDaemonSets = snapshot.pluginDaemonSets();
        return GpuHealth.evaluate(snapshot, this::logs, expectations);
    }

    /**
     * Watches nodes, DaemonSets and non-terminated pods (informers: one list, then watch events) and
     * re-evaluates on every change until the expectations hold or the timeout passes.
     */
    public GpuReport verifyWaiting(Expectations expectations, Duration timeout) throws InterruptedException {
        Semaphore changed = new Semaphore(0);
        long deadline = System.nanoTime() + timeout.toNanos();
        Reachability reachability = new Reachability(client, console, "the wait for the expectations");
        try (SharedIndexInformer<Node> nodes = reachability.inform(client.nodes(), signalling(changed));
                SharedIndexInformer<DaemonSet> daemonSets = reachability.inform(client.apps().daemonSets().inAnyNamespace(),
                        signalling(changed));
                SharedIndexInformer<Pod> pods = reachability.inform(client.pods().inAnyNamespace()
                        .withoutFields(Map.of("status.phase", "Succeeded")).withoutField("status.phase", "Failed"),
                        signalling(changed))) {
            String lastProgress = "";
            while (true) {
                ClusterSnapshot snapshot = fromCaches(nodes, daemonSets, pods);
                requireKnownNode(snapshot, expectations);
                GpuReport report = GpuHealth.evaluate(snapshot, p -> List.of(), expectations);
                if (report.passed()) {
                    return report(snapshot, expectations);
                }
                String progress = "waiting: " + report.summary().allocatable() + " GPUs allocatable on "
                        + report.summary().schedulableGpuNodes() + " nodes; " + failing(report);
                if (!progress.equals(lastProgress)) {
                    console.info(progress);
                    lastProgress = progress;
                }
                boolean signalled = false;
                while (!signalled) {
                    reachability.check();
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        console.info("timed out after " + Durations.human(timeout));
                        return report(fromCaches(nodes, daemonSets, pods), expectations);
                    }
                    signalled = changed.tryAcquire(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                }
                // a burst of events (a rollout) is evaluated once
                Thread.sleep(100);
                changed.drainPermits();
            }
        }
    }

    /** Any add, update or delete releases one permit: the loop re-evaluates. */
    private static <T> ResourceEventHandler<T> signalling(Semaphore changed) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                changed.release();
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                changed.release();
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                changed.release();
            }
        };
    }

    private static ClusterSnapshot fromCaches(SharedIndexInformer<Node> nodes, SharedIndexInformer<DaemonSet> daemonSets,
            SharedIndexInformer<Pod> pods) {
        List<Pod> all = pods.getStore().list();
        return new ClusterSnapshot(nodes.getStore().list(),
                daemonSets.getStore().list().stream().filter(GpuPods::runsDevicePlugin).toList(),
                all.stream().filter(GpuPods::isDevicePlugin).toList(),
                all.stream().filter(p -> !GpuPods.isDevicePlugin(p) && GpuPods.requested(p) > 0).toList());
    }

    private static String failing(GpuReport report) {
        return report.expectations().stream().filter(e -> !e.holds())
                .map(e -> e.name() + " expects " + e.expected() + ", is " + e.actual()).reduce((a, b) -> a + "; " + b).orElse("");
    }

    private static void requireKnownNode(ClusterSnapshot snapshot, Expectations expectations) {
        if (expectations.node() != null
                && snapshot.nodes().stream().noneMatch(n -> n.getMetadata().getName().equals(expectations.node()))) {
            throw new GpuException(ExitCode.USAGE, "node \"" + expectations.node() + "\" does not exist in this cluster",
                    "list the nodes with 'kubectl get nodes'");
        }
    }

    private List<String> logs(Pod pod) {
        return PodLogs.lastLines(client, pod, 5);
    }
}
