package io.kubectlgpu.ps;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * What ps prints with -o json|yaml: apiVersion kubectl-gpu.io/v1, kind GpuPodList, documented in
 * docs/ps-report.schema.json. Fields are only added, never renamed or removed.
 *
 * @param namespace  the namespace listed, or null for every namespace (-A)
 * @param total      totals over the pods listed
 * @param pods       one record per non-terminated pod that needs a GPU resource
 * @param namespaces totals per namespace (what --by namespace shows as a table)
 */
@RegisterForReflection
public record GpuPodReport(String apiVersion, String kind, String namespace, Totals total, List<GpuPod> pods,
        List<NamespaceTotals> namespaces) {

    public static final String API_VERSION = "kubectl-gpu.io/v1";
    public static final String KIND = "GpuPodList";

    /**
     * One GPU pod.
     *
     * @param gpus             nvidia.com/gpu it needs (as the scheduler counts: containers summed, init containers' largest)
     * @param resources        every nvidia.com/ resource it needs, nvidia.com/gpu, MIG slices and shared GPUs included
     * @param status           one phrase as kubectl shows it: Running, Pending, ContainerCreating, CrashLoopBackOff, ...
     * @param ageSeconds       since the pod was created
     * @param ownerKind        the controller: Job, Deployment (through its ReplicaSet), StatefulSet, ...; null for a bare pod
     * @param boundAt          when the scheduler bound it to its node (RFC 3339), from then on it holds its GPUs; null while unbound
     * @param heldSeconds      since boundAt
     * @param schedulerMessage the scheduler's message for a pod it could not place, e.g. "0/4 nodes are available: ..."
     * @param pendingReason    for an unplaceable pod: the GPUs it asks for, the largest free amount on any node (when every
     *                         namespace was listed without filters) and the scheduler's message, as verify reports it
     */
    @RegisterForReflection
    public record GpuPod(String namespace, String name, String node, long gpus, Map<String, Long> resources, String phase,
            String status, String created, long ageSeconds, String ownerKind, String ownerName, String boundAt,
            Long heldSeconds, String schedulerMessage, String pendingReason) {
    }

    /** Totals of a namespace: pods, of which unbound (Pending for a node), and the GPU resources asked for and held. */
    @RegisterForReflection
    public record NamespaceTotals(String namespace, int pods, int unbound, long gpus, long gpusHeld, Map<String, Long> resources) {
    }

    /** Totals over every pod listed. */
    @RegisterForReflection
    public record Totals(int pods, int unbound, long gpus, long gpusHeld, Map<String, Long> resources) {
    }
}
