package io.kubectlgpu.verify;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubectlgpu.gpu.GpuCapacity;
import io.kubectlgpu.gpu.GpuNodes;
import io.kubectlgpu.gpu.Labels;
import io.kubectlgpu.gpu.NodeConditions;
import io.kubectlgpu.gpu.Placement;
import io.kubectlgpu.gpu.PluginLogMessages;
import io.kubectlgpu.gpu.PodStates;
import io.kubectlgpu.verify.GpuReport.Finding;
import io.kubectlgpu.verify.GpuReport.NodeRecord;
import io.kubectlgpu.verify.GpuReport.Summary;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Where verify decides whether a node's GPUs are usable, and why not. Pure: it reads a snapshot (and the
 * last log lines of failing plugin pods through {@code logs}) and calls nothing else.
 */
public final class GpuHealth {
    /** Log lines are read for at most this many failing plugin pods: a fixed cost however many fail. */
    static final int MAX_LOG_READS = 5;
    static final int MAX_PENDING_FINDINGS = 20;

    private final ClusterSnapshot snapshot;
    private final Function<Pod, List<String>> logs;
    private final GpuCapacity capacity;
    private final Map<String, List<Pod>> pluginPodsByNode;
    private final List<Finding> findings = new ArrayList<>();
    /** GPU nodes that no device plugin serves because none is installed: one finding for all of them. */
    private final List<String> unserved = new ArrayList<>();
    private int logReads;

    private GpuHealth(ClusterSnapshot snapshot, Function<Pod, List<String>> logs) {
        this.snapshot = snapshot;
        this.logs = logs;
        this.capacity = new GpuCapacity(snapshot.nodes(), snapshot.gpuPods());
        this.pluginPodsByNode = snapshot.pluginPods().stream().filter(p -> PodStates.nodeName(p) != null)
                .collect(Collectors.groupingBy(PodStates::nodeName));
    }

    /** The report on every node (the table shows GPU nodes unless asked for all). */
    public static GpuReport evaluate(ClusterSnapshot snapshot, Function<Pod, List<String>> logs, Expectations expectations) {
        GpuHealth health = new GpuHealth(snapshot, logs);
        List<NodeRecord> nodes = snapshot.nodes().stream().sorted(Comparator.comparing(n -> n.getMetadata().getName()))
                .map(health::node).toList();
        health.clusterFindings(nodes);
        health.pendingPods();
        Summary summary = summary(nodes);
        List<GpuReport.Expectation> checked = expectations.check(summary, nodes);
        return new GpuReport(GpuReport.API_VERSION, GpuReport.KIND, summary, nodes, List.copyOf(health.findings), checked,
                checked.stream().allMatch(GpuReport.Expectation::holds), null);
    }

    private NodeRecord node(Node node) {
        String name = node.getMetadata().getName();
        Map<String, String> labels = GpuNodes.labels(node);
        boolean gpuNode = GpuNodes.isGpuNode(node);
        boolean ready = NodeConditions.ready(node);
        boolean cordoned = NodeConditions.cordoned(node);
        boolean aksManaged = "enabled".equals(labels.get(Labels.AKS_MANAGED_GPU));
        long cap = GpuNodes.capacity(node);
        long alloc = GpuNodes.allocatable(node);
        List<Pod> plugins = pluginPodsByNode.getOrDefault(name, List.of());
        // GPU feature discovery's label, else the GPU model the VM size implies (AKS size table), else the size itself
        String instanceType = labels.get(Labels.INSTANCE_TYPE);
        String inferredFrom = null;
        String product = labels.get(Labels.GPU_PRODUCT);
        if (product == null && instanceType != null) {
            var family = io.kubectlgpu.aks.GpuSizes.family(instanceType);
            product = family.map(io.kubectlgpu.aks.GpuSizes.Family::gpu).orElse(instanceType);
            inferredFrom = family.isPresent() ? instanceType : null;
        }
        product = product == null ? "" : product;
        String pluginState = plugins.isEmpty() ? (aksManaged ? "aks-managed" : gpuNode ? "none" : "-")
                : plugins.stream().map(PodStates::state).collect(Collectors.joining("+"));
        String pluginImage = plugins.isEmpty() ? "" : plugins.getFirst().getSpec().getContainers().getFirst().getImage();

        String status = gpuNode ? "OK" : "-";
        long distinctPlugins = plugins.stream().map(GpuHealth::owner).distinct().count() + (aksManaged ? 1 : 0);
        Optional<Pod> failing = plugins.stream().filter(p -> !PodStates.isReady(p)).findFirst();
        if (gpuNode && !ready) {
            status = "NotReady";
            add(Findings.NODE_NOT_READY, "error", List.of(name), List.of(), "GPU node " + name + " is NotReady",
                    "node condition Ready is not True", "check the node (kubectl describe node " + name + "); its GPUs cannot be used until it is Ready");
        } else if (distinctPlugins > 1) {
            status = "two device plugins";
            add(Findings.DOUBLE_REGISTRATION, "error", List.of(name),
                    plugins.stream().map(GpuHealth::podName).toList(),
                    "two device plugins serve " + name + " and register its GPUs twice",
                    (aksManaged ? "AKS-managed GPU node (kubernetes.azure.com/dcgm-exporter=enabled) plus " : "")
                            + plugins.stream().map(p -> owner(p) + " (" + PodStates.state(p) + ")").collect(Collectors.joining(", ")),
                    aksManaged ? "AKS runs the plugin on this pool; remove the DaemonSet: kubectl gpu uninstall"
                            : "keep one device plugin: remove the other DaemonSet or run kubectl gpu uninstall");
        } else if (failing.isPresent()) {
            Pod pod = failing.get();
            String state = PodStates.state(pod);
            status = "plugin " + state;
            pluginFinding(pod, name, gpuNode);
        } else if (gpuNode && cap == 0 && !plugins.isEmpty()) {
            status = "no nvidia.com/gpu advertised";
            Pod pod = plugins.getFirst();
            List<String> lines = logReads++ < MAX_LOG_READS ? logs.apply(pod) : List.of();
            Optional<PluginLogMessages.Known> known = PluginLogMessages.match(lines, true);
            add(Findings.GPU_NOT_ADVERTISED, "error", List.of(name), List.of(podName(pod)),
                    name + " looks like a GPU node but advertises no nvidia.com/gpu although the device plugin runs there"
                            + known.map(k -> ": " + k.meaning()).orElse(""),
                    logEvidence(lines, known) + known.map(k -> " [" + k.id() + "]").orElse(""),
                    known.map(PluginLogMessages.Known::fix).orElse("kubectl logs -n " + pod.getMetadata().getNamespace() + " "
                            + pod.getMetadata().getName() + "; check the driver with nvidia-smi on the node"));
        } else if (gpuNode && cap == 0) {
            status = "no nvidia.com/gpu advertised";
            missingPlugin(node, aksManaged, true);
        } else if (gpuNode && plugins.isEmpty() && !aksManaged) {
            status = "no device plugin";
            missingPlugin(node, false, false);
        } else if (gpuNode && alloc < cap) {
            status = (cap - alloc) + " of " + cap + " GPUs unhealthy";
            add(Findings.GPUS_UNHEALTHY, "warning", List.of(name), List.of(),
                    name + " has " + cap + " nvidia.com/gpu but only " + alloc + " allocatable",
                    "capacity " + cap + ", allocatable " + alloc + ": the device plugin marked " + (cap - alloc) + " GPUs unhealthy (XID errors, driver faults)",
                    "check the plugin log and dmesg for XID errors; restart the plugin pod after fixing, or drain and reboot the node");
        } else if (gpuNode && cordoned) {
            status = "cordoned";
            add(Findings.NODE_CORDONED, "warning", List.of(name), List.of(), "GPU node " + name + " is cordoned",
                    "spec.unschedulable is true", "kubectl uncordon " + name + " when it may take GPU pods again");
        }

        Map<String, Long> mig = new TreeMap<>();
        if (node.getStatus() != null && node.getStatus().getAllocatable() != null) {
            node.getStatus().getAllocatable().forEach((k, v) -> {
                if (k.startsWith(Labels.MIG_RESOURCE_PREFIX)) {
                    mig.put(k, GpuNodes.count(node.getStatus().getAllocatable(), k));
                }
            });
        }
        Integer replicas = null;
        if (labels.get(Labels.GPU_REPLICAS) != null) {
            try {
                replicas = Integer.valueOf(labels.get(Labels.GPU_REPLICAS));
            } catch (NumberFormatException e) {
                replicas = null;
            }
        }
        List<String> taints = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints().stream().map(Placement::describe).toList();
        long allocated = capacity.allocated(name);
        return new NodeRecord(name, gpuNode, ready, cordoned, cap, alloc, allocated, Math.max(0, alloc - allocated), product,
                pluginState, pluginImage, status, taints, mig, replicas, inferredFrom);
    }

    /** Why no plugin pod runs on a GPU node. */
    private void missingPlugin(Node node, boolean aksManaged, boolean notAdvertised) {
        String name = node.getMetadata().getName();
        String what = notAdvertised ? name + " looks like a GPU node but advertises no nvidia.com/gpu"
                : name + " has GPUs but no device plugin serves them";
        if (aksManaged) {
            add(Findings.GPU_NOT_ADVERTISED, "error", List.of(name), List.of(), what,
                    "AKS-managed GPU node; condition UnhealthyNvidiaDevicePlugin may say more",
                    "kubectl describe node " + name + " and check the AKS GPU node conditions");
            return;
        }
        if (snapshot.pluginDaemonSets().isEmpty()) {
            unserved.add(name);
            return;
        }
        // a DaemonSet that selects the node but does not tolerate it is the one to fix
        List<DaemonSet> selecting = snapshot.pluginDaemonSets().stream()
                .filter(ds -> Placement.selects(node, ds.getSpec().getTemplate().getSpec())).toList();
        for (DaemonSet ds : selecting) {
            Optional<Taint> taint = Placement.untoleratedTaint(node, ds.getSpec().getTemplate().getSpec(), true);
            if (taint.isPresent()) {
                String t = Placement.describe(taint.get());
                String dsName = ds.getMetadata().getNamespace() + "/" + ds.getMetadata().getName();
                add(Findings.PLUGIN_UNTOLERATED_TAINT, "error", List.of(name), List.of(), what,
                        "daemonset " + dsName + " does not tolerate the taint " + t + " of " + name,
                        "kubectl gpu install --toleration " + t + " (or add the toleration to " + dsName + ")");
                return;
            }
        }
        if (selecting.isEmpty()) {
            add(Findings.PLUGIN_PLACEMENT_MISMATCH, "error", List.of(name), List.of(), what,
                    "no device plugin DaemonSet selects " + name + " (labels: " + gpuLabels(node) + "): "
                            + snapshot.pluginDaemonSets().stream().map(GpuHealth::placement).collect(Collectors.joining(", ")),
                    "label the node (e.g. kubectl label node " + name + " nvidia.com/gpu.present=true) or reinstall with --node-selector");
            return;
        }
        add(notAdvertised ? Findings.GPU_NOT_ADVERTISED : Findings.PLUGIN_NOT_READY, "error", List.of(name), List.of(), what,
                "a device plugin DaemonSet selects the node but has no pod there yet",
                "wait for the DaemonSet controller, or kubectl describe daemonset to see why it creates no pod");
    }

    /** The log line that explains the failure (PluginLogMessages.explainingLine), else the last line. */
    private static String logEvidence(List<String> lines, Optional<PluginLogMessages.Known> known) {
        if (lines.isEmpty()) {
            return "no log lines";
        }
        return known.flatMap(k -> PluginLogMessages.explainingLine(lines, k))
                .map(l -> "log line: " + l).orElse("last log line: " + lines.getLast());
    }

    private void pluginFinding(Pod pod, String node, boolean gpuNode) {
        String state = PodStates.state(pod);
        List<String> lines = logReads++ < MAX_LOG_READS ? logs.apply(pod) : List.of();
        Optional<PluginLogMessages.Known> known = PluginLogMessages.match(lines, gpuNode);
        String last = logEvidence(lines, known);
        String restarts = PodStates.restarts(pod) > 0 ? ", " + PodStates.restarts(pod) + " restarts" : "";
        String message = "device plugin pod " + podName(pod) + " on " + node + " is " + state + restarts
                + known.map(k -> ": " + k.meaning()).orElse("");
        String evidence = PodStates.unschedulableMessage(pod).map(m -> "scheduler: " + m).orElse(last)
                + known.map(k -> " [" + k.id() + "]").orElse("");
        String fix = known.map(PluginLogMessages.Known::fix).orElse(gpuNode
                ? "kubectl logs -n " + pod.getMetadata().getNamespace() + " " + pod.getMetadata().getName() + " --previous"
                : "keep the plugin off non-GPU nodes: reinstall without --all-nodes");
        add(Findings.PLUGIN_NOT_READY, "error", List.of(node), List.of(podName(pod)), message, evidence, fix);
    }

    private void clusterFindings(List<NodeRecord> nodes) {
        if (!unserved.isEmpty()) {
            add(Findings.PLUGIN_NOT_INSTALLED, "error", List.copyOf(unserved), List.of(),
                    "no NVIDIA device plugin is installed: " + unserved.size() + " GPU nodes have GPUs that nothing serves",
                    "no DaemonSet in the cluster runs an NVIDIA k8s-device-plugin image", "kubectl gpu install");
        }
        if (nodes.stream().noneMatch(NodeRecord::gpuNode)) {
            add(Findings.NO_GPU_NODES, "info", List.of(), List.of(), "no node in this cluster looks like a GPU node",
                    "no GPU label (" + GpuNodes.GPU_NODE_LABELS.stream().map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(", ")) + "), GPU instance type or nvidia.com/gpu capacity on "
                            + nodes.size() + " nodes",
                    "add a GPU node pool, e.g. kubectl gpu aks nodepool add");
        }
    }

    private void pendingPods() {
        List<Pod> pending = snapshot.gpuPods().stream()
                .filter(p -> PodStates.nodeName(p) == null && PodStates.unschedulableMessage(p).isPresent())
                .sorted(Comparator.comparing(GpuHealth::podName)).toList();
        for (Pod pod : pending.subList(0, Math.min(pending.size(), MAX_PENDING_FINDINGS))) {
            add(Findings.PODS_PENDING_FOR_GPUS, "warning", List.of(), List.of(podName(pod)),
                    "pod " + podName(pod) + " is Pending for GPUs", capacity.explainPending(pod),
                    "lower its nvidia.com/gpu request, add tolerations it lacks, or add GPU nodes");
        }
        if (pending.size() > MAX_PENDING_FINDINGS) {
            add(Findings.PODS_PENDING_FOR_GPUS, "warning", List.of(),
                    pending.subList(MAX_PENDING_FINDINGS, pending.size()).stream().map(GpuHealth::podName).toList(),
                    (pending.size() - MAX_PENDING_FINDINGS) + " more pods are Pending for GPUs", "see the pods listed", "as above");
        }
    }

    private static Summary summary(List<NodeRecord> nodes) {
        List<NodeRecord> gpu = nodes.stream().filter(NodeRecord::gpuNode).toList();
        List<NodeRecord> usable = gpu.stream().filter(n -> n.ready() && !n.cordoned()).toList();
        return new Summary(gpu.size(), (int) usable.stream().filter(n -> n.allocatable() > 0).count(),
                gpu.stream().mapToLong(NodeRecord::capacity).sum(), usable.stream().mapToLong(NodeRecord::allocatable).sum(),
                gpu.stream().mapToLong(NodeRecord::allocated).sum(), usable.stream().mapToLong(NodeRecord::free).sum());
    }

    private void add(String id, String severity, List<String> nodes, List<String> pods, String message, String evidence, String fix) {
        findings.add(new Finding(id, severity, nodes, pods, message, evidence, fix));
    }

    private static String owner(Pod pod) {
        List<OwnerReference> refs = pod.getMetadata().getOwnerReferences();
        String ownerName = refs == null || refs.isEmpty() ? pod.getMetadata().getName() : refs.getFirst().getName();
        return "daemonset " + pod.getMetadata().getNamespace() + "/" + ownerName;
    }

    /** "ns/name (nodeSelector a=b)" or "ns/name (node affinity)". */
    private static String placement(DaemonSet ds) {
        var spec = ds.getSpec().getTemplate().getSpec();
        String rule = spec.getNodeSelector() != null && !spec.getNodeSelector().isEmpty()
                ? "nodeSelector " + spec.getNodeSelector().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(","))
                : "required node affinity";
        return ds.getMetadata().getNamespace() + "/" + ds.getMetadata().getName() + " (" + rule + ")";
    }

    static String podName(Pod pod) {
        return pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName();
    }

    private static String gpuLabels(Node node) {
        Map<String, String> shown = new LinkedHashMap<>();
        GpuNodes.labels(node).forEach((k, v) -> {
            if (k.contains("accelerator") || k.contains("nvidia") || k.contains("pci-10de") || k.equals(Labels.INSTANCE_TYPE)) {
                shown.put(k, v);
            }
        });
        return shown.isEmpty() ? "none that mark GPUs" : shown.toString();
    }
}
