package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;

/** Node lists in pages of 500, so that a cluster of thousands of nodes costs a handful of requests. */
public final class Nodes {
    public static final long PAGE = 500;

    private Nodes() {
    }

    public static List<Node> listAll(KubernetesClient client) {
        List<Node> nodes = new ArrayList<>();
        String token = null;
        do {
            NodeList page = client.nodes().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build());
            nodes.addAll(page.getItems());
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return nodes;
    }
}
