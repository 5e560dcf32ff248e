package io.kubectlgpu.ps;

import io.kubectlgpu.core.Durations;
import io.kubectlgpu.output.Table;
import io.kubectlgpu.ps.GpuPodReport.GpuPod;
import io.kubectlgpu.ps.GpuPodReport.NamespaceTotals;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** ps as tables: one line per pod (kubectl get pods style), or totals per namespace. */
public final class GpuPodTable {
    private GpuPodTable() {
    }

    /** NAMESPACE (with -A) NAME NODE GPUS STATUS AGE HELD OWNER, and with wide PHASE BOUND REASON. */
    public static List<String> pods(GpuPodReport report, boolean allNamespaces, boolean wide, boolean headers) {
        List<String> columns = new ArrayList<>();
        if (allNamespaces) {
            columns.add("NAMESPACE");
        }
        columns.addAll(List.of("NAME", "NODE", "GPUS", "STATUS", "AGE", "HELD", "OWNER"));
        if (wide) {
            columns.addAll(List.of("PHASE", "BOUND", "REASON"));
        }
        Table table = new Table(columns);
        for (GpuPod p : report.pods()) {
            List<String> row = new ArrayList<>();
            if (allNamespaces) {
                row.add(p.namespace());
            }
            row.addAll(List.of(p.name(), p.node() == null ? "" : p.node(), resources(p.resources()), p.status(),
                    age(p.ageSeconds()), p.heldSeconds() == null ? "-" : age(p.heldSeconds()),
                    p.ownerKind() == null ? "" : p.ownerKind() + "/" + p.ownerName()));
            if (wide) {
                row.addAll(List.of(p.phase(), p.boundAt() == null ? "" : p.boundAt(),
                        p.pendingReason() == null ? "" : p.pendingReason()));
            }
            table.row(row);
        }
        return table.render(headers);
    }

    /** Pods that no node can take, each with the reason, for the lines below the table (the wide table has a column). */
    public static List<String> pendingNotes(GpuPodReport report) {
        List<GpuPod> pending = report.pods().stream().filter(p -> p.pendingReason() != null).toList();
        if (pending.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(List.of("", pending.size() == 1 ? "1 pod waits for GPUs:"
                : pending.size() + " pods wait for GPUs:"));
        pending.forEach(p -> lines.add("  " + p.namespace() + "/" + p.name() + ": " + p.pendingReason()));
        return lines;
    }

    /** NAMESPACE PODS UNBOUND GPUS HELD OTHER (MIG slices, shared GPUs), and a TOTAL line. */
    public static List<String> namespaces(GpuPodReport report, boolean headers) {
        Table table = new Table(List.of("NAMESPACE", "PODS", "UNBOUND", "GPUS", "HELD", "OTHER"));
        for (NamespaceTotals n : report.namespaces()) {
            table.row(List.of(n.namespace(), String.valueOf(n.pods()), String.valueOf(n.unbound()), String.valueOf(n.gpus()),
                    String.valueOf(n.gpusHeld()), others(n.resources())));
        }
        var t = report.total();
        if (report.namespaces().size() > 1) {
            table.row(List.of("TOTAL", String.valueOf(t.pods()), String.valueOf(t.unbound()), String.valueOf(t.gpus()),
                    String.valueOf(t.gpusHeld()), others(t.resources())));
        }
        return table.render(headers);
    }

    /** "2" for nvidia.com/gpu alone; "mig-1g.5gb=1", "gpu.shared=1" or "1,mig-1g.5gb=2" otherwise. */
    static String resources(Map<String, Long> resources) {
        return resources.entrySet().stream()
                .map(e -> e.getKey().equals("nvidia.com/gpu") ? String.valueOf(e.getValue())
                        : e.getKey().substring("nvidia.com/".length()) + "=" + e.getValue())
                .sorted((a, b) -> Boolean.compare(a.contains("="), b.contains("="))).collect(Collectors.joining(","));
    }

    private static String others(Map<String, Long> resources) {
        return resources.entrySet().stream().filter(e -> !e.getKey().equals("nvidia.com/gpu"))
                .map(e -> e.getKey().substring("nvidia.com/".length()) + "=" + e.getValue()).collect(Collectors.joining(","));
    }

    private static String age(long seconds) {
        return Durations.human(Duration.ofSeconds(seconds));
    }
}
