package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import java.util.List;

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
