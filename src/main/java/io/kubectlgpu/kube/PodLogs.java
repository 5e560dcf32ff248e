package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;

/** The last lines a pod's container wrote, from the crashed instance when there is one. */
public final class PodLogs {
    private PodLogs() {
    }

    public static List<String> lastLines(KubernetesClient client, Pod pod, int lines) {
        var named = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
        for (boolean previous : new boolean[] {true, false}) {
            try {
                String log = previous ? named.terminated().tailingLines(lines).getLog() : named.tailingLines(lines).getLog();
                if (log != null && !log.isBlank()) {
                    return log.lines().filter(l -> !l.isBlank()).toList();
                }
            } catch (KubernetesClientException e) {
                // no previous instance, or the kubelet cannot serve logs: try the next source
            }
        }
        return List.of();
    }
}
