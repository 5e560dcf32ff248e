package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** What makes a node a GPU node, and how many GPUs it has. Shared by install, verify and run. */
public final class GpuNodes {
    /** Labels that mark NVIDIA GPU nodes: AKS, the 2020 guide, GPU feature discovery, node feature discovery. */
    public static final List<Map.Entry<String, String>> GPU_NODE_LABELS = List.of(
            Map.entry("kubernetes.azure.com/accelerator", "nvidia"),
            Map.entry("accelerator", "nvidia"),
            Map.entry("nvidia.com/gpu.present", "true"),
            Map.entry("feature.node.kubernetes.io/pci-10de.present", "true"));

    /** Instance types with NVIDIA GPUs: Azure N-series (but NVv4, which is AMD), AWS p/g, GCP a2/a3/g2. */
    private static final Pattern GPU_INSTANCE_TYPE = Pattern.compile(
            "(?i)^(Standard_N(?!V\\d+as_v4)[A-Z]*\\d+.*|p[2-5][a-z]*\\..*|g[3-6][a-z]*\\..*|a[23]-.*|g2-.*)$");

    private GpuNodes() {
    }

    /** Whether labels or instance type say this node has NVIDIA GPUs, whatever it advertises. */
    public static boolean looksLikeGpuNode(Node node) {
        Map<String, String> labels = labels(node);
        for (Map.Entry<String, String> l : GPU_NODE_LABELS) {
            if (l.getValue().equals(labels.get(l.getKey()))) {
                return true;
            }
        }
        if (labels.containsKey(Labels.GPU_PRODUCT)) {
            return true;
        }
        String type = labels.get(Labels.INSTANCE_TYPE);
        return type != null && GPU_INSTANCE_TYPE.matcher(type).matches();
    }

    /** A GPU node: looks like one, or advertises nvidia.com/gpu capacity. */
    public static boolean isGpuNode(Node node) {
        return looksLikeGpuNode(node) || capacity(node) > 0;
    }

    public static long capacity(Node node) {
        return node.getStatus() == null ? 0 : count(node.getStatus().getCapacity(), Labels.GPU_RESOURCE);
    }

    public static long allocatable(Node node) {
        return node.getStatus() == null ? 0 : count(node.getStatus().getAllocatable(), Labels.GPU_RESOURCE);
    }

    public static long count(Map<String, Quantity> resources, String name) {
        if (resources == null || !resources.containsKey(name)) {
            return 0;
        }
        return Quantity.getAmountInBytes(resources.get(name)).longValue();
    }

    public static Map<String, String> labels(Node node) {
        Map<String, String> labels = node.getMetadata().getLabels();
        return labels == null ? Map.of() : labels;
    }
}
