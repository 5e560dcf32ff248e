package io.kubectlgpu.cli;

import io.kubectlgpu.core.KubeNames;
import io.kubectlgpu.core.Selectors;
import io.kubectlgpu.install.DevicePluginInstaller;
import io.kubectlgpu.core.DryRun;
import io.kubectlgpu.install.InstallResult;
import io.kubectlgpu.install.InstallSpec;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "install", sortOptions = false,
        description = {"Install or upgrade the NVIDIA device plugin DaemonSet, so that GPU nodes advertise nvidia.com/gpu.",
                "",
                "Server-side apply (field manager kubectl-gpu) of a namespace and a DaemonSet that tolerates AKS GPU "
                + "and spot taints and runs on GPU nodes only. Refuses, changing nothing, when another device plugin "
                + "already serves the cluster (GPU Operator, Helm chart, AKS-managed GPU pools).",
                "",
                "Examples:",
                "  kubectl gpu install",
                "  kubectl gpu install --dry-run=client -o yaml",
                "  kubectl gpu install --image nvcr.io/nvidia/k8s-device-plugin:v0.17.0",
                "  kubectl gpu install --time-slicing 4 --toleration dedicated=ml:NoSchedule",
                ""})
public class InstallCommand extends ClusterCommand {
    @Option(names = "--image", paramLabel = "IMAGE", defaultValue = InstallSpec.DEFAULT_IMAGE,
            description = "Device plugin image. Default: ${DEFAULT-VALUE}.")
    String image;

    @Option(names = "--toleration", paramLabel = "KEY[=VALUE][:EFFECT]",
            description = "Another taint to tolerate, besides nvidia.com/gpu, sku=gpu, spot and CriticalAddonsOnly. Repeatable.")
    List<String> tolerations = new ArrayList<>();

    @Option(names = "--node-selector", paramLabel = "KEY=VALUE[,...]",
            description = "Run on nodes with these labels, instead of on nodes carrying a GPU label.")
    List<String> nodeSelector = new ArrayList<>();

    @Option(names = "--all-nodes", description = "Run on every node (sets FAIL_ON_INIT_ERROR=false unless given).")
    boolean allNodes;

    @Option(names = "--mig-strategy", paramLabel = "none|single|mixed", description = "How MIG devices are advertised.")
    MigStrategy migStrategy;

    @Option(names = "--device-list-strategy", paramLabel = "STRATEGY",
            description = "envvar, volume-mounts, cdi-annotations or cdi-cri.")
    String deviceListStrategy;

    @Option(names = "--fail-on-init-error", paramLabel = "true|false", arity = "0..1", fallbackValue = "true",
            description = "Whether the plugin exits when it finds no GPU (the plugin's default is true).")
    Boolean failOnInitError;

    @Option(names = "--time-slicing", paramLabel = "N",
            description = "Share every GPU between N pods (time-slicing; no memory or fault isolation).")
    Integer timeSlicing;

    @Mixin
    ApplyOptions apply;

    @Option(names = "--force", description = "Install even when another device plugin already serves the cluster.")
    boolean force;

    @Option(names = "--wait", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "true|false",
            description = "Wait for the rollout. Default: ${DEFAULT-VALUE}.")
    boolean waitForRollout;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m", converter = DurationConverter.class,
            description = "How long to wait for the rollout. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    enum MigStrategy { none, single, mixed }

    private DryRun dryRunMode;
    private OutputFormat format;

    @Override
    protected void validate() {
        dryRunMode = apply.dryRun();
        format = apply.format();
        KubeNames.image(image);
        if (timeSlicing != null && (timeSlicing < 2 || timeSlicing > 1024)) {
            throw io.kubectlgpu.core.GpuException.usage("--time-slicing " + timeSlicing + " is out of range",
                    "give the number of pods that share one GPU, from 2 to 1024");
        }
        if (allNodes && !nodeSelector.isEmpty()) {
            throw io.kubectlgpu.core.GpuException.usage("--all-nodes and --node-selector exclude each other",
                    "--all-nodes runs the plugin on every node; --node-selector on the nodes with those labels: give one");
        }
        if (deviceListStrategy != null
                && !List.of("envvar", "volume-mounts", "cdi-annotations", "cdi-cri").contains(deviceListStrategy)) {
            throw io.kubectlgpu.core.GpuException.usage("--device-list-strategy '" + deviceListStrategy + "' is unknown",
                    "use envvar, volume-mounts, cdi-annotations or cdi-cri");
        }
        spec();
    }

    private InstallSpec spec() {
        tolerations.forEach(t -> KubeNames.labelKey("--toleration", Selectors.toleration(t).getKey()));
        if (!nodeSelector.isEmpty()) {
            KubeNames.labels("--node-selector", Selectors.keyValues("--node-selector", nodeSelector));
        }
        return new InstallSpec(
                kube.namespace == null ? InstallSpec.DEFAULT_NAMESPACE : kube.namespace,
                image,
                tolerations.stream().map(Selectors::toleration).toList(),
                nodeSelector.isEmpty() ? null : Selectors.keyValues("--node-selector", nodeSelector),
                allNodes,
                migStrategy == null ? null : migStrategy.name(),
                deviceListStrategy,
                failOnInitError != null ? failOnInitError : allNodes ? Boolean.FALSE : null,
                timeSlicing);
    }

    @Override
    public Integer call() throws Exception {
        checkFlags();
        if (dryRunMode == DryRun.CLIENT) {
            // nothing is read from the cluster: the bundled manifests with the flags applied
            print(console(), DevicePluginInstaller.renderOnly(spec()), true);
            return 0;
        }
        return connectAndRun();
    }

    @Override
    protected int run(Cluster cluster) {
        Console console = console();
        InstallResult result = new DevicePluginInstaller(cluster.client(), console)
                .install(spec(), dryRunMode, force, waitForRollout, timeout, format == null);
        print(console, result, false);
        if (dryRunMode == DryRun.NONE && result.changes().stream().allMatch(c -> c.endsWith(" unchanged"))) {
            console.info("nothing changed: the device plugin is installed as requested");
        }
        if (!result.gpuNodes().isEmpty()) {
            console.info("nodes advertising nvidia.com/gpu: " + String.join(", ", result.gpuNodes()));
        } else if (dryRunMode == DryRun.NONE && waitForRollout) {
            console.warn("no node advertises nvidia.com/gpu yet; run 'kubectl gpu verify' to see why");
        }
        return 0;
    }

    private void print(Console console, InstallResult result, boolean changesNotPrinted) {
        if (format != null) {
            Printer.printObjects(console, format, result.applied());
        } else if (changesNotPrinted) {
            result.changes().forEach(console::data);
        }
    }
}
