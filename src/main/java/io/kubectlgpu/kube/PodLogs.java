package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.List;
import java.util.regex.Pattern;

/** The last lines a pod's container wrote, from the crashed instance when there is one. */
public final class PodLogs {
    /**
     * What the kubelet writes into a log answer that has already begun (HTTP 200) when the container is gone from
     * the runtime, e.g. a previous instance removed by a containerd restart (kuberuntime GetContainerLogs). It is
     * the kubelet's error, not a line the container wrote. Seen on the real GPU node (docs/real-gpu).
     */
    private static final Pattern KUBELET_CANNOT_READ = Pattern.compile("unable to retrieve container logs for \\S+");

    private PodLogs() {
    }

    public static List<String> lastLines(KubernetesClient client, Pod pod, int lines) {
        var named = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
        for (boolean previous : new boolean[] {true, false}) {
            try {
                List<String> written = linesWritten(previous ? named.terminated().tailingLines(lines).getLog() : named.tailingLines(lines).getLog());
                if (!written.isEmpty()) {
                    return written;
                }
            } catch (KubernetesClientException e) {
                // no previous instance, or the kubelet cannot serve logs: try the next source
            }
        }
        return List.of();
    }

    /** The non-blank lines of a log answer; none when the answer is the kubelet saying it cannot read the log. */
    static List<String> linesWritten(String log) {
        if (log == null || KUBELET_CANNOT_READ.matcher(log.strip()).matches()) {
            return List.of();
        }
        return log.lines().filter(l -> !l.isBlank()).toList();
    }
}
