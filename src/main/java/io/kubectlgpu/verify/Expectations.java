package io.kubectlgpu.verify;

import io.kubectlgpu.verify.GpuReport.Expectation;
import io.kubectlgpu.verify.GpuReport.NodeRecord;
import io.kubectlgpu.verify.GpuReport.Summary;
import java.util.ArrayList;
import java.util.List;

/**
 * What the user expects (all optional). With none given, the implied expectation is that every GPU
 * node passes; a cluster without GPU nodes then passes too (and says so).
 *
 * @param minGpus  total allocatable nvidia.com/gpu on Ready, schedulable nodes, at least
 * @param gpuNodes Ready, schedulable nodes with at least one allocatable GPU, at least
 * @param node     only this node must pass
 */
public record Expectations(Integer minGpus, Integer gpuNodes, String node) {

    public boolean explicit() {
        return minGpus != null || gpuNodes != null || node != null;
    }

    List<Expectation> check(Summary summary, List<NodeRecord> nodes) {
        List<Expectation> out = new ArrayList<>();
        if (minGpus != null) {
            out.add(new Expectation("min-gpus", ">= " + minGpus, String.valueOf(summary.allocatable()), summary.allocatable() >= minGpus));
        }
        if (gpuNodes != null) {
            out.add(new Expectation("gpu-nodes", ">= " + gpuNodes, String.valueOf(summary.schedulableGpuNodes()),
                    summary.schedulableGpuNodes() >= gpuNodes));
        }
        if (node != null) {
            NodeRecord record = nodes.stream().filter(n -> n.name().equals(node)).findFirst().orElse(null);
            out.add(new Expectation("node", node + " OK", record == null ? "not found" : record.status(),
                    record != null && record.gpuNode() && record.ok()));
        }
        if (!explicit()) {
            List<NodeRecord> failing = nodes.stream().filter(NodeRecord::gpuNode).filter(n -> !n.ok()).toList();
            out.add(new Expectation("all-gpu-nodes-ok", "every GPU node OK",
                    failing.isEmpty() ? "all OK" : failing.size() + " not OK: " + abbreviate(failing.stream().map(NodeRecord::name).toList()),
                    failing.isEmpty()));
        }
        return out;
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 5 ? String.join(", ", names)
                : String.join(", ", names.subList(0, 5)) + " and " + (names.size() - 5) + " more";
    }
}
