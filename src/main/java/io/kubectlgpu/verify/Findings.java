package io.kubectlgpu.verify;

/** The stable ids of verify's findings (README "verify findings"); scripts may match on them. */
public final class Findings {
    /** The cluster has no node that looks like a GPU node. */
    public static final String NO_GPU_NODES = "no-gpu-nodes";
    /** A node looks like a GPU node (labels, instance type) but advertises no nvidia.com/gpu. */
    public static final String GPU_NOT_ADVERTISED = "gpu-not-advertised";
    /** No NVIDIA device plugin DaemonSet exists at all. */
    public static final String PLUGIN_NOT_INSTALLED = "plugin-not-installed";
    /** The device plugin has no pod on a GPU node because of a taint it does not tolerate. */
    public static final String PLUGIN_UNTOLERATED_TAINT = "plugin-untolerated-taint";
    /** The device plugin's node selector or affinity does not select a GPU node. */
    public static final String PLUGIN_PLACEMENT_MISMATCH = "plugin-placement-mismatch";
    /** A GPU node is NotReady. */
    public static final String NODE_NOT_READY = "node-not-ready";
    /** A GPU node is cordoned (unschedulable). */
    public static final String NODE_CORDONED = "node-cordoned";
    /** A device plugin pod crash-loops or is not ready. */
    public static final String PLUGIN_NOT_READY = "plugin-not-ready";
    /** Allocatable nvidia.com/gpu is lower than capacity: the plugin marked GPUs unhealthy. */
    public static final String GPUS_UNHEALTHY = "gpus-unhealthy";
    /** Two device plugins serve the same node and register its GPUs twice. */
    public static final String DOUBLE_REGISTRATION = "double-registration";
    /** Pods are Pending for GPUs. */
    public static final String PODS_PENDING_FOR_GPUS = "pods-pending-for-gpus";

    /** verify --probe: the probe pod on a GPU node exited non-zero or did not finish in time. */
    public static final String PROBE_FAILED = "probe-failed";
    /** verify --probe: the scheduler could not place the probe pod on its GPU node. */
    public static final String PROBE_UNSCHEDULABLE = "probe-unschedulable";

    private Findings() {
    }
}
