package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** GPU requests of pods, and which pods and DaemonSets are NVIDIA device plugins. */
public final class GpuPods {
    private GpuPods() {
    }

    /**
     * nvidia.com/gpu the pod needs on its node, as the scheduler counts it: the sum over containers,
     * or the largest init container if that is more. Limits stand for requests, as for every extended resource.
     */
    public static long requested(Pod pod) {
        if (pod.getSpec() == null) {
            return 0;
        }
        long containers = pod.getSpec().getContainers().stream().mapToLong(GpuPods::requested).sum();
        long init = pod.getSpec().getInitContainers() == null ? 0
                : pod.getSpec().getInitContainers().stream().mapToLong(GpuPods::requested).max().orElse(0);
        return Math.max(containers, init);
    }

    private static long requested(Container c) {
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return 0;
        }
        long limit = GpuNodes.count(r.getLimits(), Labels.GPU_RESOURCE);
        return limit > 0 ? limit : GpuNodes.count(r.getRequests(), Labels.GPU_RESOURCE);
    }

    /**
     * Every nvidia.com/ resource the pod needs on its node (nvidia.com/gpu, MIG slices such as
     * nvidia.com/mig-1g.5gb, renamed shared GPUs such as nvidia.com/gpu.shared), counted as {@link #requested(Pod)}
     * counts nvidia.com/gpu. Empty for a pod that needs no GPU.
     */
    public static Map<String, Long> resources(Pod pod) {
        Map<String, Long> containers = new TreeMap<>();
        Map<String, Long> init = new TreeMap<>();
        if (pod.getSpec() == null) {
            return containers;
        }
        for (Container c : pod.getSpec().getContainers()) {
            nvidiaResources(c).forEach((k, v) -> containers.merge(k, v, Long::sum));
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                nvidiaResources(c).forEach((k, v) -> init.merge(k, v, Math::max));
            }
        }
        init.forEach((k, v) -> containers.merge(k, v, Math::max));
        containers.values().removeIf(v -> v <= 0);
        return containers;
    }

    private static Map<String, Long> nvidiaResources(Container c) {
        Map<String, Long> out = new TreeMap<>();
        ResourceRequirements r = c.getResources();
        if (r == null) {
            return out;
        }
        for (var resources : java.util.Arrays.asList(r.getRequests(), r.getLimits())) {
            if (resources != null) {
                resources.keySet().stream().filter(k -> k.startsWith(NVIDIA_PREFIX))
                        .forEach(k -> out.merge(k, GpuNodes.count(resources, k), Math::max));
            }
        }
        return out;
    }

    private static final String NVIDIA_PREFIX = "nvidia.com/";

    public static boolean isDevicePluginImage(String image) {
        return image != null && image.contains("k8s-device-plugin");
    }

    public static boolean isDevicePlugin(Pod pod) {
        return pod.getSpec() != null && pod.getSpec().getContainers().stream().map(Container::getImage)
                .anyMatch(GpuPods::isDevicePluginImage);
    }

    public static boolean runsDevicePlugin(DaemonSet ds) {
        List<Container> containers = ds.getSpec().getTemplate().getSpec().getContainers();
        return containers.stream().map(Container::getImage).anyMatch(GpuPods::isDevicePluginImage);
    }
}
