package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubectlgpu.gpu.GpuNodes;
import io.kubectlgpu.gpu.GpuPods;
import io.kubectlgpu.gpu.Labels;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds device plugins that already serve the cluster, so that kubectl-gpu never registers GPUs twice:
 * a foreign DaemonSet (GPU Operator, Helm chart, a copied manifest), a GPU Operator ClusterPolicy, or
 * AKS-managed GPU nodes whose plugin runs as a node service.
 */
public final class Preflight {
    /** One reason not to install. */
    public record Conflict(String what, String where) {
        @Override
        public String toString() {
            return what + " (" + where + ")";
        }
    }

    private Preflight() {
    }

    static List<Conflict> conflicts(KubernetesClient client, List<DaemonSet> daemonSets, List<Node> nodes, String targetNamespace) {
        List<Conflict> conflicts = new ArrayList<>();
        for (DaemonSet ds : daemonSets) {
            if (!GpuPods.runsDevicePlugin(ds)) {
                continue;
            }
            String where = "daemonset " + ds.getMetadata().getNamespace() + "/" + ds.getMetadata().getName();
            if (!Labels.managedByUs(ds)) {
                conflicts.add(new Conflict("a device plugin DaemonSet not managed by kubectl-gpu", where));
            } else if (!ds.getMetadata().getNamespace().equals(targetNamespace)) {
                conflicts.add(new Conflict("kubectl-gpu's device plugin in another namespace", where));
            }
        }
        for (GenericKubernetesResource policy : clusterPolicies(client)) {
            conflicts.add(new Conflict("a GPU Operator ClusterPolicy, which deploys its own device plugin",
                    "clusterpolicy " + policy.getMetadata().getName()));
        }
        List<String> managed = nodes.stream()
                .filter(n -> "enabled".equals(GpuNodes.labels(n).get(Labels.AKS_MANAGED_GPU)))
                .map(n -> n.getMetadata().getName()).toList();
        if (!managed.isEmpty()) {
            conflicts.add(new Conflict("AKS-managed GPU nodes, whose device plugin runs as a node service",
                    "nodes " + abbreviate(managed)));
        }
        return conflicts;
    }

    /** GPU Operator ClusterPolicies; none when the CRD is not installed. */
    private static List<GenericKubernetesResource> clusterPolicies(KubernetesClient client) {
        if (!client.supports("nvidia.com/v1", "ClusterPolicy")) {
            return List.of();
        }
        return client.genericKubernetesResources("nvidia.com/v1", "ClusterPolicy").list().getItems();
    }

    static String abbreviate(List<String> names) {
        return names.size() <= 3 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 3)) + " and " + (names.size() - 3) + " more";
    }
}
