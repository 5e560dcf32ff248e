package io.kubectlgpu.verify;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubectlgpu.gpu.GpuPods;
import io.kubectlgpu.kube.Nodes;
import io.kubectlgpu.kube.PodPages;
import io.kubectlgpu.kube.SharedStrings;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything verify reads, in a fixed number of list calls whatever the cluster size: nodes (pages of
 * 500), DaemonSets (one call), and the non-terminated pods (pages of 500), of which only the device
 * plugin pods and the pods requesting GPUs are kept.
 *
 * @param pluginPods pods of any NVIDIA device plugin (kubectl-gpu's or another)
 * @param gpuPods    non-terminated pods that request nvidia.com/gpu
 */
public record ClusterSnapshot(List<Node> nodes, List<DaemonSet> pluginDaemonSets, List<Pod> pluginPods, List<Pod> gpuPods) {

    public static ClusterSnapshot read(KubernetesClient client) {
        SharedStrings strings = new SharedStrings();
        List<Node> nodes = Nodes.listAll(client, strings);
        List<DaemonSet> daemonSets = client.apps().daemonSets().inAnyNamespace().list().getItems().stream()
                .filter(GpuPods::runsDevicePlugin).toList();
        List<Pod> pluginPods = new ArrayList<>();
        List<Pod> gpuPods = new ArrayList<>();
        PodPages.forEach(client, null, null, PodPages.NOT_TERMINATED, pod -> {
            if (GpuPods.isDevicePlugin(pod)) {
                pluginPods.add(PodPages.forReading(pod, strings));
            } else if (GpuPods.requested(pod) > 0) {
                gpuPods.add(PodPages.forReading(pod, strings));
            }
        });
        return new ClusterSnapshot(nodes, daemonSets, pluginPods, gpuPods);
    }
}
