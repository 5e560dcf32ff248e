package io.kubectlgpu.gpu;

/** Label keys and values kubectl-gpu sets or reads. */
public final class Labels {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String PART_OF = "app.kubernetes.io/part-of";
    public static final String NAME = "app.kubernetes.io/name";
    public static final String KUBECTL_GPU = "kubectl-gpu";
    /** Selects everything kubectl-gpu created. */
    public static final String MANAGED_SELECTOR = MANAGED_BY + "=" + KUBECTL_GPU;
    /** Selects the device plugin pods kubectl-gpu created. */
    public static final String DEVICE_PLUGIN_NAME = "nvidia-device-plugin";

    /** The extended resource the NVIDIA device plugin advertises. */
    public static final String GPU_RESOURCE = "nvidia.com/gpu";
    public static final String MIG_RESOURCE_PREFIX = "nvidia.com/mig-";
    public static final String GPU_PRODUCT = "nvidia.com/gpu.product";
    public static final String GPU_REPLICAS = "nvidia.com/gpu.replicas";
    public static final String INSTANCE_TYPE = "node.kubernetes.io/instance-type";
    /** AKS-managed GPU pools run NVIDIA's plugin as a node service and carry this label. */
    public static final String AKS_MANAGED_GPU = "kubernetes.azure.com/dcgm-exporter";

    private Labels() {
    }

    /** Created by kubectl-gpu: labelled app.kubernetes.io/managed-by=kubectl-gpu. */
    public static boolean managedByUs(io.fabric8.kubernetes.api.model.HasMetadata o) {
        java.util.Map<String, String> labels = o.getMetadata().getLabels();
        return labels != null && KUBECTL_GPU.equals(labels.get(MANAGED_BY));
    }
}
