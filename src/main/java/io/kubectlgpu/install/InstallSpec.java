package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * What `install` puts on the cluster, as decided by the flags.
 *
 * @param nodeSelector replaces the GPU-node affinity when not null
 * @param allNodes     drops any placement rule
 * @param failOnInitError null keeps the plugin's default
 * @param timeSlicing  replicas per GPU, or null for no sharing
 */
public record InstallSpec(
        String namespace,
        String image,
        List<Toleration> extraTolerations,
        Map<String, String> nodeSelector,
        boolean allNodes,
        String migStrategy,
        String deviceListStrategy,
        Boolean failOnInitError,
        Integer timeSlicing) {

    public static final String DEFAULT_NAMESPACE = "gpu-resources";
    public static final String DEFAULT_IMAGE = "nvcr.io/nvidia/k8s-device-plugin:v0.20.0";
}
