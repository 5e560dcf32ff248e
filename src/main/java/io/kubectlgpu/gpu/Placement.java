package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/** Whether a pod template may run on a node: taints against tolerations, node selector and required affinity. */
public final class Placement {
    /** Taints the DaemonSet controller tolerates on its own (it adds these tolerations to every DaemonSet pod). */
    private static final Set<String> DAEMONSET_DEFAULT_TOLERATED = Set.of(
            "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable", "node.kubernetes.io/disk-pressure",
            "node.kubernetes.io/memory-pressure", "node.kubernetes.io/pid-pressure", "node.kubernetes.io/unschedulable",
            "node.kubernetes.io/network-unavailable");

    private Placement() {
    }

    /** The first NoSchedule/NoExecute taint of the node that the pod does not tolerate. */
    public static Optional<Taint> untoleratedTaint(Node node, PodSpec pod, boolean daemonSet) {
        List<Taint> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of() : node.getSpec().getTaints();
        List<Toleration> tolerations = pod.getTolerations() == null ? List.of() : pod.getTolerations();
        for (Taint taint : taints) {
            if ("PreferNoSchedule".equals(taint.getEffect())) {
                continue;
            }
            if (daemonSet && DAEMONSET_DEFAULT_TOLERATED.contains(taint.getKey())) {
                continue;
            }
            if (tolerations.stream().noneMatch(t -> tolerates(t, taint))) {
                return Optional.of(taint);
            }
        }
        return Optional.empty();
    }

    static boolean tolerates(Toleration t, Taint taint) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(taint.getEffect())) {
            return false;
        }
        if ("Exists".equals(t.getOperator())) {
            return t.getKey() == null || t.getKey().isEmpty() || t.getKey().equals(taint.getKey());
        }
        return Objects.equals(t.getKey(), taint.getKey()) && Objects.equals(nullToEmpty(t.getValue()), nullToEmpty(taint.getValue()));
    }

    /** Whether the node satisfies the pod's nodeSelector and required node affinity. */
    public static boolean selects(Node node, PodSpec pod) {
        Map<String, String> labels = GpuNodes.labels(node);
        if (pod.getNodeSelector() != null) {
            for (var e : pod.getNodeSelector().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (pod.getAffinity() == null || pod.getAffinity().getNodeAffinity() == null
                || pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution() == null) {
            return true;
        }
        List<NodeSelectorTerm> terms = pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms();
        return terms.isEmpty() || terms.stream().anyMatch(term -> matches(term, labels));
    }

    private static boolean matches(NodeSelectorTerm term, Map<String, String> labels) {
        if (term.getMatchExpressions() == null) {
            return true;
        }
        for (NodeSelectorRequirement r : term.getMatchExpressions()) {
            String value = labels.get(r.getKey());
            List<String> values = r.getValues() == null ? List.of() : r.getValues();
            boolean ok = switch (r.getOperator()) {
                case "In" -> value != null && values.contains(value);
                case "NotIn" -> value == null || !values.contains(value);
                case "Exists" -> value != null;
                case "DoesNotExist" -> value == null;
                case "Gt" -> value != null && !values.isEmpty() && parse(value) > parse(values.getFirst());
                case "Lt" -> value != null && !values.isEmpty() && parse(value) < parse(values.getFirst());
                default -> false;
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    public static String describe(Taint t) {
        return t.getKey() + (t.getValue() == null || t.getValue().isEmpty() ? "" : "=" + t.getValue()) + ":" + t.getEffect();
    }

    private static long parse(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return Long.MIN_VALUE;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
