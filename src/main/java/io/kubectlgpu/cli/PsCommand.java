package io.kubectlgpu.cli;

import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.ps.GpuPodLister;
import io.kubectlgpu.ps.GpuPodLister.SortBy;
import io.kubectlgpu.ps.GpuPodReport;
import io.kubectlgpu.ps.GpuPodTable;
import java.time.Instant;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ps", sortOptions = false,
        description = {"Who holds the GPUs: every pod that needs a GPU, where it runs, since when, and who owns it.", "",
                "Lists the non-terminated pods of every namespace (-n: of one) that need nvidia.com/gpu, "
                        + "MIG slices or shared GPUs, in pages of 500 whatever the cluster size. "
                        + "HELD is how long a pod has held its GPUs (since it was bound to its node). "
                        + "Pods that no node can take are listed with the scheduler's reason.", "",
                "Examples:",
                "  kubectl gpu ps",
                "  kubectl gpu ps --sort-by gpus",
                "  kubectl gpu ps --by namespace",
                "  kubectl gpu ps --node aks-gpu-0 -o wide",
                "  kubectl gpu ps -n team-a -l app=train -o json", ""})
public class PsCommand extends ClusterCommand {
    // GPUs are the cluster's, so the question "who holds them" is too: every namespace unless -n names one
    @Option(names = {"-A", "--all-namespaces"},
            description = "Pods of every namespace: the default unless -n is given (and it wins over -n, as in kubectl).")
    boolean allNamespaces;

    @Option(names = {"-l", "--selector"}, paramLabel = "SELECTOR", description = "Only pods with these labels, e.g. app=train,tier!=dev.")
    String selector;

    @Option(names = "--node", paramLabel = "NAME", description = "Only pods on this node.")
    String node;

    @Option(names = "--sort-by", paramLabel = "gpus|age",
            description = "Order by GPUs (most first) or age (oldest first); default: namespace and name.")
    String sortBy;

    @Option(names = "--by", paramLabel = "namespace", description = "Totals per namespace instead of one line per pod.")
    String by;

    @Mixin
    OutputOptions output;

    private SortBy order = SortBy.NAME;

    @Override
    protected void validate() {
        if (sortBy != null) {
            order = switch (sortBy.toLowerCase(Locale.ROOT)) {
                case "gpus" -> SortBy.GPUS;
                case "age" -> SortBy.AGE;
                default -> throw GpuException.usage("--sort-by '" + sortBy + "' is not gpus or age",
                        "kubectl gpu ps --sort-by gpus (the largest consumers first) or --sort-by age (the oldest first)");
            };
        }
        if (by != null && !by.equals("namespace")) {
            throw GpuException.usage("--by '" + by + "' is not namespace", "kubectl gpu ps --by namespace");
        }
        if (by != null && output.format() == OutputFormat.WIDE) {
            throw GpuException.usage("--by namespace has no wide form", "use -o table, json or yaml");
        }
    }

    @Override
    protected int run(Cluster cluster) {
        Console console = console();
        // -A wins over -n, as in kubectl
        String namespace = allNamespaces || kube.namespace == null ? null : cluster.namespace();
        GpuPodReport report = new GpuPodLister(cluster.client())
                .list(new GpuPodLister.Query(namespace, selector, node, order), Instant.now());
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), report);
            return 0;
        }
        if (report.pods().isEmpty()) {
            console.info("No GPU pods " + (namespace == null ? "in any namespace" : "in namespace " + namespace)
                    + (node == null ? "" : " on node " + node) + (selector == null ? "" : " matching " + selector) + ".");
            return 0;
        }
        if (by != null) {
            GpuPodTable.namespaces(report, !output.noHeaders()).forEach(console::data);
            return 0;
        }
        boolean wide = output.format() == OutputFormat.WIDE;
        GpuPodTable.pods(report, namespace == null, wide, !output.noHeaders()).forEach(console::data);
        if (!wide && !output.noHeaders()) {
            GpuPodTable.pendingNotes(report).forEach(console::data);
        }
        return 0;
    }
}
