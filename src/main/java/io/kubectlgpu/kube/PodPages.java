package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.function.Consumer;

/**
 * Pod lists in pages of 500 ({@link Nodes#PAGE}): a cluster of thousands of pods costs a handful of requests,
 * and each page can be thinned out before the next arrives.
 */
public final class PodPages {
    /** Pods that may hold resources: neither Succeeded nor Failed. */
    public static final String NOT_TERMINATED = "status.phase!=Succeeded,status.phase!=Failed";

    private PodPages() {
    }

    /**
     * Hands every pod to {@code each}, page by page.
     *
     * @param namespace     null for every namespace
     * @param labelSelector null for none
     * @param fieldSelector null for none
     */
    public static void forEach(KubernetesClient client, String namespace, String labelSelector, String fieldSelector,
            Consumer<Pod> each) {
        String token = null;
        do {
            var options = new ListOptionsBuilder().withLabelSelector(labelSelector).withFieldSelector(fieldSelector)
                    .withLimit(Nodes.PAGE).withContinue(token).build();
            PodList page = namespace == null ? client.pods().inAnyNamespace().list(options)
                    : client.pods().inNamespace(namespace).list(options);
            for (Pod pod : page.getItems()) {
                each.accept(pod);
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
    }

    /** managedFields are about 40% of a pod's JSON and never read: thousands of kept pods stay small. */
    public static Pod forReading(Pod pod) {
        if (pod.getMetadata() != null) {
            pod.getMetadata().setManagedFields(null);
        }
        return pod;
    }
}
