package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Node lists in pages of 500, so that a cluster of thousands of nodes costs a handful of requests. */
public final class Nodes {
    public static final long PAGE = 500;
    /** The prefix of every extended resource an NVIDIA device plugin advertises. */
    static final String NVIDIA_RESOURCES = "nvidia.com/";

    private Nodes() {
    }

    /** Every node, for reading only: see {@link #forReading}. */
    public static List<Node> listAll(KubernetesClient client) {
        return listAll(client, new SharedStrings());
    }

    /** Every node, for reading only, sharing equal strings with {@code strings}' other objects (a pod list's). */
    public static List<Node> listAll(KubernetesClient client, SharedStrings strings) {
        List<Node> nodes = new ArrayList<>();
        String token = null;
        do {
            NodeList page = client.nodes().list(new ListOptionsBuilder().withLimit(PAGE).withContinue(token).build());
            for (Node node : page.getItems()) {
                nodes.add(forReading(node, strings));
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
        return nodes;
    }

    /**
     * Drops what no reader of a node list uses, as each page arrives, so that thousands of nodes stay small in
     * memory (issue 11: verify at 5,000 nodes within 250 MB): managedFields (about half of a node's JSON),
     * annotations, status.images (often the largest part of a real node), nodeInfo, addresses, daemon endpoints,
     * attached volumes, the conditions' times and messages (readers look at a condition's type and status), and
     * every resource but NVIDIA's from capacity and allocatable.
     * Equal strings are shared ({@link SharedStrings}), and so are empty maps of unknown fields ({@link UnknownFields}).
     * Such a node must not be written back.
     */
    static Node forReading(Node node, SharedStrings strings) {
        if (node.getMetadata() != null) {
            node.getMetadata().setManagedFields(null);
            node.getMetadata().setAnnotations(null);
            strings.shareMeta(node.getMetadata());
        }
        if (node.getSpec() != null) {
            strings.shareEach(node.getSpec().getTaints(), Taint::getKey, Taint::setKey);
            strings.shareEach(node.getSpec().getTaints(), Taint::getValue, Taint::setValue);
            strings.shareEach(node.getSpec().getTaints(), Taint::getEffect, Taint::setEffect);
            node.getSpec().setPodCIDR(null);
            node.getSpec().setPodCIDRs(null);
            node.getSpec().setProviderID(strings.share(node.getSpec().getProviderID()));
        }
        NodeStatus status = node.getStatus();
        if (status != null) {
            status.setImages(null);
            status.setNodeInfo(null);
            status.setAddresses(null);
            status.setDaemonEndpoints(null);
            status.setVolumesAttached(null);
            status.setVolumesInUse(null);
            status.setConfig(null);
            if (status.getConditions() != null) {
                for (NodeCondition condition : status.getConditions()) {
                    condition.setLastHeartbeatTime(null);
                    condition.setLastTransitionTime(null);
                    condition.setMessage(null);
                    condition.setType(strings.share(condition.getType()));
                    condition.setStatus(strings.share(condition.getStatus()));
                    condition.setReason(strings.share(condition.getReason()));
                }
            }
            onlyNvidia(status.getAllocatable());
            onlyNvidia(status.getCapacity());
            strings.shareQuantities(status.getAllocatable());
            strings.shareQuantities(status.getCapacity());
        }
        shareEmptyUnknownFields(node);
        return node;
    }

    private static void shareEmptyUnknownFields(Node node) {
        UnknownFields.shareEmpty(node, Node::getAdditionalProperties, Node::setAdditionalProperties);
        UnknownFields.shareEmpty(node.getMetadata(), ObjectMeta::getAdditionalProperties, ObjectMeta::setAdditionalProperties);
        NodeSpec spec = node.getSpec();
        UnknownFields.shareEmpty(spec, NodeSpec::getAdditionalProperties, NodeSpec::setAdditionalProperties);
        if (spec != null) {
            UnknownFields.shareEmpty(spec.getTaints(), Taint::getAdditionalProperties, Taint::setAdditionalProperties);
        }
        NodeStatus status = node.getStatus();
        UnknownFields.shareEmpty(status, NodeStatus::getAdditionalProperties, NodeStatus::setAdditionalProperties);
        if (status != null) {
            UnknownFields.shareEmpty(status.getConditions(), NodeCondition::getAdditionalProperties, NodeCondition::setAdditionalProperties);
            if (status.getAllocatable() != null) {
                UnknownFields.shareEmpty(status.getAllocatable().values(), Quantity::getAdditionalProperties, Quantity::setAdditionalProperties);
            }
            if (status.getCapacity() != null) {
                UnknownFields.shareEmpty(status.getCapacity().values(), Quantity::getAdditionalProperties, Quantity::setAdditionalProperties);
            }
        }
    }

    /** Readers count GPUs and MIG slices (nvidia.com/gpu, nvidia.com/mig-*): cpu, memory, pods, storage go. */
    private static void onlyNvidia(Map<String, Quantity> resources) {
        if (resources != null) {
            resources.keySet().removeIf(name -> !name.startsWith(NVIDIA_RESOURCES));
        }
    }
}
