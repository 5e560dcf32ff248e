package io.kubectlgpu.ps;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubectlgpu.gpu.GpuCapacity;
import io.kubectlgpu.gpu.GpuPods;
import io.kubectlgpu.gpu.PodStates;
import io.kubectlgpu.kube.Nodes;
import io.kubectlgpu.kube.PodPages;
import io.kubectlgpu.kube.SharedStrings;
import io.kubectlgpu.ps.GpuPodReport.GpuPod;
import io.kubectlgpu.ps.GpuPodReport.NamespaceTotals;
import io.kubectlgpu.ps.GpuPodReport.Totals;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Who holds the GPUs: every non-terminated pod that needs an nvidia.com/ resource, read in pages of 500
 * (one request per page, whatever the cluster size; the nodes too, in pages of 500, only when a pod waits
 * for GPUs and every namespace is listed, to say how many are free).
 */
public final class GpuPodLister {
    /** ReplicaSets name their pods' template hash; a Deployment names its ReplicaSets NAME-HASH. */
    private static final String POD_TEMPLATE_HASH = "pod-template-hash";

    public enum SortBy { NAME, GPUS, AGE }

    /**
     * @param namespace     null for every namespace
     * @param labelSelector kubectl's -l, or null
     * @param node          only pods on this node, or null
     */
    public record Query(String namespace, String labelSelector, String node, SortBy sortBy) {
        boolean wholeCluster() {
            return namespace == null && labelSelector == null && node == null;
        }
    }

    private final KubernetesClient client;

    public GpuPodLister(KubernetesClient client) {
        this.client = client;
    }

    public GpuPodReport list(Query query, Instant now) {
        String fields = PodPages.NOT_TERMINATED + (query.node() == null ? "" : ",spec.nodeName=" + query.node());
        List<Pod> pods = new ArrayList<>();
        SharedStrings strings = new SharedStrings();
        PodPages.forEach(client, query.namespace(), query.labelSelector(), fields, pod -> {
            if (!GpuPods.resources(pod).isEmpty()) {
                pods.add(PodPages.forReading(pod, strings));
            }
        });
        GpuCapacity capacity = query.wholeCluster() && pods.stream().anyMatch(GpuPodLister::unplaceable)
                ? new GpuCapacity(Nodes.listAll(client, strings), pods) : null;
        List<GpuPod> records = pods.stream().map(p -> record(p, capacity, now)).sorted(order(query.sortBy())).toList();
        return new GpuPodReport(GpuPodReport.API_VERSION, GpuPodReport.KIND, query.namespace(), totals(records),
                records, byNamespace(records));
    }

    private static boolean unplaceable(Pod pod) {
        return PodStates.nodeName(pod) == null && PodStates.unschedulableMessage(pod).isPresent();
    }

    static GpuPod record(Pod pod, GpuCapacity capacity, Instant now) {
        var meta = pod.getMetadata();
        Instant created = instant(meta.getCreationTimestamp());
        Instant bound = bindingTime(pod);
        String[] owner = owner(pod);
        String scheduler = PodStates.unschedulableMessage(pod).orElse(null);
        String pendingReason = !unplaceable(pod) ? null
                : capacity != null ? capacity.explainPending(pod) : "scheduler: " + scheduler;
        Map<String, Long> resources = GpuPods.resources(pod);
        return new GpuPod(meta.getNamespace(), meta.getName(), PodStates.nodeName(pod), GpuPods.requested(pod), resources,
                pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase(),
                PodStates.state(pod), meta.getCreationTimestamp(), created == null ? 0 : seconds(created, now), owner[0],
                owner[1], bound == null ? null : bound.toString(), bound == null ? null : seconds(bound, now), scheduler,
                pendingReason);
    }

    /**
     * When the pod was bound to its node (from then on its GPUs are allocated to it): the PodScheduled
     * condition's transition to True, else the kubelet's start time; null while unbound.
     */
    static Instant bindingTime(Pod pod) {
        if (PodStates.nodeName(pod) == null) {
            return null;
        }
        Instant scheduled = PodStates.condition(pod, "PodScheduled").filter(c -> "True".equals(c.getStatus()))
                .map(c -> instant(c.getLastTransitionTime())).orElse(null);
        if (scheduled != null) {
            return scheduled;
        }
        return pod.getStatus() == null ? null : instant(pod.getStatus().getStartTime());
    }

    /** {kind, name} of the controller, a Deployment for the ReplicaSet it made; {null, null} for a bare pod. */
    static String[] owner(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        if (refs == null || refs.isEmpty()) {
            return new String[] {null, null};
        }
        OwnerReference ref = refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst().orElse(refs.getFirst());
        String hash = pod.getMetadata().getLabels() == null ? null : pod.getMetadata().getLabels().get(POD_TEMPLATE_HASH);
        if ("ReplicaSet".equals(ref.getKind()) && hash != null && ref.getName().endsWith("-" + hash)) {
            return new String[] {"Deployment", ref.getName().substring(0, ref.getName().length() - hash.length() - 1)};
        }
        return new String[] {ref.getKind(), ref.getName()};
    }

    private static Comparator<GpuPod> order(SortBy sortBy) {
        Comparator<GpuPod> byName = Comparator.comparing(GpuPod::namespace).thenComparing(GpuPod::name);
        return switch (sortBy) {
            case NAME -> byName;
            case GPUS -> Comparator.comparingLong(GpuPodLister::gpuCount).reversed().thenComparing(byName);
            case AGE -> Comparator.comparingLong(GpuPod::ageSeconds).reversed().thenComparing(byName);
        };
    }

    /** nvidia.com/gpu plus every other GPU resource (MIG slices, shared GPUs): what --sort-by gpus orders by. */
    private static long gpuCount(GpuPod p) {
        return p.resources().values().stream().mapToLong(Long::longValue).sum();
    }

    private static List<NamespaceTotals> byNamespace(List<GpuPod> pods) {
        Map<String, List<GpuPod>> grouped = new TreeMap<>();
        pods.forEach(p -> grouped.computeIfAbsent(p.namespace(), k -> new ArrayList<>()).add(p));
        List<NamespaceTotals> out = new ArrayList<>();
        grouped.forEach((ns, list) -> {
            Totals t = totals(list);
            out.add(new NamespaceTotals(ns, t.pods(), t.unbound(), t.gpus(), t.gpusHeld(), t.resources()));
        });
        return out;
    }

    private static Totals totals(List<GpuPod> pods) {
        Map<String, Long> resources = new TreeMap<>();
        pods.forEach(p -> p.resources().forEach((k, v) -> resources.merge(k, v, Long::sum)));
        return new Totals(pods.size(), (int) pods.stream().filter(p -> p.node() == null).count(),
                pods.stream().mapToLong(GpuPod::gpus).sum(),
                pods.stream().filter(p -> p.node() != null).mapToLong(GpuPod::gpus).sum(), resources);
    }

    private static long seconds(Instant from, Instant now) {
        return Math.max(0, Duration.between(from, now).getSeconds());
    }

    private static Instant instant(String timestamp) {
        if (timestamp == null || timestamp.isEmpty()) {
            return null;
        }
        try {
            return Instant.parse(timestamp);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
