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

    /** Every node, for reading only: see {@link #forReading}. */
    public static List<Node> listAll(KubernetesClient client) {
        List<Node> nodes = new ArrayList<>();
        String token = null;
        do {
            NodeList page = client.nodes().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build());
            for (Node node : page.getItems()) {
                nodes.add(forReading(node));
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return nodes;
    }

    /**
     * Drops what no reader of a node list uses, as each page arrives, so that thousands of nodes stay
     * small in memory: managedFields (about half of a node's JSON) and status.images (often the largest
     * part of a real node). Such a node must not be written back.
     */
    static Node forReading(Node node) {
        if (node.getMetadata() != null) {
            node.getMetadata().setManagedFields(null);
        }
        if (node.getStatus() != null) {
            node.getStatus().setImages(null);
        }
        return node;
    }
}
