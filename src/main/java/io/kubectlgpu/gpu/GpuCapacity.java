package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Allocated and free nvidia.com/gpu per node, and why a pod waiting for GPUs waits. Used by verify
 * (findings on Pending pods) and by run (an unschedulable Job pod is explained the same way).
 */
public final class GpuCapacity {
    private final Map<String, Long> allocatedByNode = new HashMap<>();
    private final Map<String, Node> nodes = new HashMap<>();

    public GpuCapacity(Collection<Node> nodes, Collection<Pod> gpuPods) {
        for (Node n : nodes) {
            this.nodes.put(n.getMetadata().getName(), n);
        }
        for (Pod p : gpuPods) {
            String node = PodStates.nodeName(p);
            if (node != null) {
                allocatedByNode.merge(node, GpuPods.requested(p), Long::sum);
            }
        }
    }

    public long allocated(String node) {
        return allocatedByNode.getOrDefault(node, 0L);
    }

    public long free(Node node) {
        return Math.max(0, GpuNodes.allocatable(node) - allocated(node.getMetadata().getName()));
    }

    /** The node with the most free GPUs among Ready, schedulable nodes, if any has GPUs. */
    public Optional<Node> largestFree() {
        return nodes.values().stream().filter(NodeConditions::schedulable).filter(n -> GpuNodes.allocatable(n) > 0)
                .max(java.util.Comparator.comparingLong(this::free).thenComparing(n -> n.getMetadata().getName()));
    }

    /**
     * "asks for 16 nvidia.com/gpu; the largest free amount on any node is 8 (dgx-0); scheduler: 0/5 nodes ..."
     */
    public String explainPending(Pod pod) {
        long asked = GpuPods.requested(pod);
        String largest = largestFree().map(n -> free(n) + " (" + n.getMetadata().getName() + ")")
                .orElse("0 (no schedulable node advertises nvidia.com/gpu)");
        String scheduler = PodStates.unschedulableMessage(pod).map(m -> "; scheduler: " + m).orElse("");
        return "asks for " + asked + " nvidia.com/gpu; the largest free amount on any node is " + largest + scheduler;
    }
}
