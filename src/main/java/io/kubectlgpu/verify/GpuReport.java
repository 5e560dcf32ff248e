package io.kubectlgpu.verify;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/**
 * What verify prints with -o json|yaml: a stable schema (apiVersion kubectl-gpu.io/v1, kind GpuReport),
 * documented in docs/verify-report.schema.json. Fields are only added, never renamed or removed.
 */
@RegisterForReflection
public record GpuReport(String apiVersion, String kind, Summary summary, List<NodeRecord> nodes, List<Finding> findings,
        List<Expectation> expectations, boolean passed, @JsonInclude(JsonInclude.Include.NON_NULL) List<Probe> probes) {

    public static final String API_VERSION = "kubectl-gpu.io/v1";
    public static final String KIND = "GpuReport";

    /** Totals over GPU nodes; allocatable counts only Ready, schedulable nodes. */
    @RegisterForReflection
    public record Summary(int gpuNodes, int schedulableGpuNodes, long capacity, long allocatable, long allocated, long free) {
    }

    /**
     * One node. plugin: the state of the device plugin pod on it (Running, CrashLoopBackOff, Pending, ...),
     * "none", "aks-managed" (a node service on AKS-managed GPU pools) or "-" on nodes that are no GPU nodes.
     * status: "OK" or the reason the node's GPUs are not usable. product: the nvidia.com/gpu.product label, else the
     * GPU model its VM size implies (then productInferredFrom names the size), else the instance type.
     */
    @RegisterForReflection
    public record NodeRecord(String name, boolean gpuNode, boolean ready, boolean cordoned, long capacity, long allocatable,
            long allocated, long free, String product, String plugin, String pluginImage, String status, List<String> taints,
            Map<String, Long> migResources, Integer sharingReplicas,
            @JsonInclude(JsonInclude.Include.NON_NULL) String productInferredFrom) {
        public boolean ok() {
            return "OK".equals(status);
        }
    }

    /**
     * A problem found: a stable id (see Findings), the nodes or pods concerned, the evidence read from
     * the cluster, and a one-line fix.
     */
    @RegisterForReflection
    public record Finding(String id, String severity, List<String> nodes, List<String> pods, String message, String evidence,
            String fix) {
    }

    /** An expectation given on the command line (--min-gpus, --gpu-nodes, --node) or implied, and whether it holds. */
    @RegisterForReflection
    public record Expectation(String name, String expected, String actual, boolean holds) {
    }

    /**
     * The outcome of --probe on one GPU node: a pod pinned to it that asks for one GPU and runs nvidia-smi
     * (or --probe-image).
     *
     * @param result   passed, failed (the container exited non-zero or did not finish in --probe-timeout) or
     *                 unschedulable (the scheduler could not place it on the node)
     * @param exitCode the container's exit code, when it ended
     * @param reason   why it failed or could not be scheduled (the scheduler's message), else null
     * @param logs     the last log lines of a failed probe
     * @param seconds  from its creation until its outcome was known
     */
    @RegisterForReflection
    public record Probe(String node, String pod, String result, Integer exitCode, String reason, List<String> logs, long seconds) {
        public static final String PASSED = "passed";
        public static final String FAILED = "failed";
        public static final String UNSCHEDULABLE = "unschedulable";
    }

    /** This report with the probes' outcomes, their findings and the expectation that every probe passes. */
    public GpuReport withProbes(List<Probe> results, List<Finding> probeFindings, Expectation probesPass) {
        List<Finding> allFindings = new java.util.ArrayList<>(findings);
        allFindings.addAll(probeFindings);
        List<Expectation> all = new java.util.ArrayList<>(expectations);
        all.add(probesPass);
        return new GpuReport(apiVersion, kind, summary, nodes, List.copyOf(allFindings), List.copyOf(all),
                all.stream().allMatch(Expectation::holds), List.copyOf(results));
    }
}
