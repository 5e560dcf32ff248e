package io.kubectlgpu.cli;

import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.output.Table;
import io.kubectlgpu.verify.Expectations;
import io.kubectlgpu.verify.GpuReport;
import io.kubectlgpu.verify.GpuReport.NodeRecord;
import io.kubectlgpu.verify.GpuProbe;
import io.kubectlgpu.verify.GpuVerifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

@Command(name = "verify", sortOptions = false, modelTransformer = VerifyCommand.NamespaceMeaning.class,
        description = {"Assert that GPUs are schedulable, and explain every reason they are not.", "",
                "Reads nodes, device plugin DaemonSets and non-terminated pods in a fixed number of requests, "
                + "shows capacity, allocatable, allocated and free nvidia.com/gpu per GPU node, the state of the "
                + "device plugin there, and findings with evidence and a fix. Exits 1 when an expectation does not "
                + "hold; without expectations, when a GPU node is not OK. With --probe, it then runs nvidia-smi in a pod "
                + "on every GPU node and reports per node whether it passed, failed or could not be scheduled.", "",
                "Examples:",
                "  kubectl gpu verify",
                "  kubectl gpu verify --min-gpus 4 --gpu-nodes 2",
                "  kubectl gpu verify --wait --timeout 5m --min-gpus 1   # right after install",
                "  kubectl gpu verify --probe                             # does every GPU work?",
                "  kubectl gpu verify -o json | jq '.findings[].id'", ""})
public class VerifyCommand extends ClusterCommand {
    @Option(names = "--min-gpus", paramLabel = "N", description = "Expect at least N allocatable GPUs in total.")
    Integer minGpus;

    @Option(names = "--gpu-nodes", paramLabel = "N", description = "Expect at least N nodes with an allocatable GPU.")
    Integer gpuNodes;

    @Option(names = "--node", paramLabel = "NAME", description = "Expect this node to pass (only this one).")
    String node;

    @Option(names = "--all-nodes", description = "Show every node, not only GPU nodes.")
    boolean allNodes;

    @Option(names = {"-w", "--wait"}, description = "Watch until the expectations hold or --timeout passes.")
    boolean waitUntilHolds;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long --wait waits. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(names = "--probe", description = "Then run a short pod on every GPU node (1 GPU, nvidia-smi) and report "
            + "per node whether it passed, failed or could not be scheduled.")
    boolean probe;

    @Option(names = "--probe-image", paramLabel = "IMAGE",
            description = "Image of the probe pods; it runs nvidia-smi. Default: the nvidia-smi sample's image.")
    String probeImage;

    @Option(names = "--probe-timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long the probes may take. Default: ${DEFAULT-VALUE}.")
    Duration probeTimeout;

    @Mixin
    OutputOptions output;

    @Override
    protected void validate() {
        requireCount("--min-gpus", minGpus);
        requireCount("--gpu-nodes", gpuNodes);
        if (!probe && (probeImage != null || spec.commandLine().getParseResult().hasMatchedOption("--probe-timeout"))) {
            throw GpuException.usage("--probe-image and --probe-timeout need --probe", "kubectl gpu verify --probe");
        }
        if (probeTimeout.isZero() || probeTimeout.isNegative()) {
            throw GpuException.usage("--probe-timeout must be longer than 0s", null);
        }
    }

    private static void requireCount(String flag, Integer value) {
        if (value != null && value < 0) {
            throw GpuException.usage(flag + " " + value + " is negative", "give a count of 0 or more");
        }
    }

    @Override
    protected int run(Cluster cluster) throws InterruptedException {
        Console console = console();
        Expectations expectations = new Expectations(minGpus, gpuNodes, node);
        GpuVerifier verifier = new GpuVerifier(cluster.client(), console);
        GpuReport read = waitUntilHolds ? verifier.verifyWaiting(expectations, timeout) : verifier.verifyOnce(expectations);
        GpuReport report = !probe ? read : new GpuProbe(cluster.client(), console)
                .probe(read, expectations, new GpuProbe.Options(cluster.namespace(), probeImage, probeTimeout),
                        verifier.pluginDaemonSets());
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), report);
        } else {
            printTable(console, report);
        }
        if (!report.passed()) {
            String failed = report.expectations().stream().filter(e -> !e.holds()).map(e -> sentence(e, report))
                    .collect(Collectors.joining("; "));
            throw new GpuException(ExitCode.CONDITION_FAILED, "verify failed: " + failed,
                    report.findings().isEmpty() ? null : "the findings above say why and what to do");
        }
        return 0;
    }

    /** What did not hold, as a person would say it: "2 GPU nodes are not OK: gpu-a, gpu-b". */
    private static String sentence(GpuReport.Expectation e, GpuReport report) {
        return switch (e.name()) {
            case "all-gpu-nodes-ok" -> {
                List<String> failing = report.nodes().stream().filter(NodeRecord::gpuNode).filter(n -> !n.ok())
                        .map(NodeRecord::name).toList();
                String names = failing.size() <= 5 ? String.join(", ", failing)
                        : String.join(", ", failing.subList(0, 5)) + " and " + (failing.size() - 5) + " more";
                yield failing.size() == 1 ? "GPU node " + names + " is not OK"
                        : failing.size() + " GPU nodes are not OK: " + names;
            }
            case "probes" -> "the GPU probe " + e.actual();
            default -> "--" + e.name() + " expects " + e.expected() + ", found " + e.actual();
        };
    }

    /** -n comes with kubectl's connection flags; here it only says where --probe runs its pods. */
    @io.quarkus.runtime.annotations.RegisterForReflection
    static final class NamespaceMeaning implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec spec) {
            OptionSpec namespace = spec.findOption("--namespace");
            if (namespace != null) {
                spec.remove(namespace);
                spec.addOption(namespace.toBuilder().description("Where --probe runs its pods (default: the context's "
                        + "namespace). verify itself reads the whole cluster.").build());
            }
            return spec;
        }
    }

    private void printTable(Console console, GpuReport report) {
        boolean wide = output.format() == OutputFormat.WIDE;
        List<NodeRecord> shown = report.nodes().stream().filter(n -> n.gpuNode() || allNodes || wide).toList();
        if (shown.isEmpty()) {
            console.data("No GPU nodes in this cluster (" + report.nodes().size() + " nodes checked): no node carries a GPU label, "
                    + "a GPU instance type or nvidia.com/gpu capacity.");
        } else {
            List<String> headers = new ArrayList<>(List.of("NAME", "CAPACITY", "ALLOCATABLE", "ALLOCATED", "FREE", "PRODUCT", "PLUGIN", "STATUS"));
            if (wide) {
                headers.addAll(List.of("TAINTS", "PLUGIN-IMAGE", "MIG", "REPLICAS"));
            }
            Table table = new Table(headers);
            for (NodeRecord n : shown) {
                String product = wide && n.productInferredFrom() != null
                        ? n.product() + " (inferred from " + n.productInferredFrom() + ")" : n.product();
                List<String> row = new ArrayList<>(List.of(n.name(), String.valueOf(n.capacity()), String.valueOf(n.allocatable()),
                        String.valueOf(n.allocated()), String.valueOf(n.free()), product, n.plugin(), n.status()));
                if (wide) {
                    row.add(String.join(",", n.taints()));
                    row.add(n.pluginImage());
                    row.add(n.migResources().entrySet().stream().map(e -> e.getKey().substring("nvidia.com/".length()) + "=" + e.getValue())
                            .collect(Collectors.joining(",")));
                    row.add(n.sharingReplicas() == null ? "" : String.valueOf(n.sharingReplicas()));
                }
                table.row(row);
            }
            table.render(!output.noHeaders()).forEach(console::data);
        }
        if (report.probes() != null && !report.probes().isEmpty()) {
            console.data("");
            Table probes = new Table(List.of("NODE", "PROBE", "SECONDS", "DETAIL"));
            for (GpuReport.Probe p : report.probes()) {
                String detail = p.reason() == null ? "" : p.reason()
                        + (p.logs().isEmpty() ? "" : "; last log line: " + p.logs().getLast());
                probes.row(List.of(p.node(), p.result(), String.valueOf(p.seconds()), detail));
            }
            probes.render(!output.noHeaders()).forEach(console::data);
        }
        if (!report.findings().isEmpty()) {
            console.data("");
            console.data(report.findings().size() + (report.findings().size() == 1 ? " finding:" : " findings:"));
            for (GpuReport.Finding f : report.findings()) {
                console.data("  [" + f.id() + "] " + f.message());
                console.data("    evidence: " + f.evidence());
                console.data("    fix: " + f.fix());
            }
        }
    }
}
