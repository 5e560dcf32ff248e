package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksClusterSummary;
import io.kubectlgpu.aks.AksClusters;
import io.kubectlgpu.aks.AzureArm;
import io.kubectlgpu.aks.QuotaPreflight;
import io.kubectlgpu.aks.AzureSettings;
import io.kubectlgpu.aks.CustomHeaders;
import io.kubectlgpu.aks.GpuPoolSpec;
import io.kubectlgpu.cli.BaseCommand;
import io.kubectlgpu.cli.DurationConverter;
import io.kubectlgpu.cli.OutputOptions;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.Printer;
import java.time.Duration;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "create", sortOptions = false,
        header = "Create an AKS cluster with a GPU node pool.",
        description = {"",
                "Creates the resource group when it does not exist, then a managed cluster "
                + "with a small CPU system pool and a GPU pool tainted sku=gpu:NoSchedule, or, "
                + "with --gpu-only, the 2020 guide's cluster of GPU nodes only. Waits while "
                + "Azure provisions (minutes), with progress on stderr, unless --no-wait. "
                + "Before anything is created, the sizes are checked against the region's "
                + "resource SKUs and vCPU quota (Compute usages): a size that is not offered, "
                + "restricted, or beyond the family's free quota is refused with one line "
                + "(--skip-quota-check sends anyway).",
                "",
                "Examples:",
                "  kubectl gpu aks create -g myResourceGroup -n myAKSCluster -l westeurope",
                "  kubectl gpu aks create -g myResourceGroup -n myAKSCluster -l westeurope \\",
                "      --gpu-only --node-count 1",
                "  kubectl gpu aks create -g rg -n a100 -l eastus \\",
                "      --node-vm-size Standard_NC24ads_A100_v4 --gpu-driver None",
                "  kubectl gpu aks create -g rg -n demo -l westeurope --dry-run",
                ""})
public class AksCreateCommand extends BaseCommand {
    @Option(names = {"-g", "--resource-group"}, required = true, paramLabel = "RG", description = "Resource group (created when missing).")
    String resourceGroup;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "Cluster name.")
    String name;

    @Option(names = {"-l", "--location"}, paramLabel = "LOCATION",
            description = "Region, e.g. westeurope (default: the resource group's; required when the group is created).")
    String location;

    @Option(names = "--gpu-only", description = "A single GPU pool that is also the System pool (the 2020 guide's cluster).")
    boolean gpuOnly;

    @Option(names = "--gpu-pool-name", paramLabel = "POOL", defaultValue = "gpu", description = "GPU pool name. Default: ${DEFAULT-VALUE}.")
    String gpuPoolName;

    @Mixin
    GpuPoolOptions gpu;

    @Option(names = "--system-node-vm-size", paramLabel = "SIZE", defaultValue = AksClusters.DEFAULT_SYSTEM_VM_SIZE,
            description = "VM size of the CPU system pool. Default: ${DEFAULT-VALUE}.")
    String systemVmSize;

    @Option(names = "--system-node-count", paramLabel = "N", defaultValue = "1", description = "System pool nodes. Default: ${DEFAULT-VALUE}.")
    int systemCount;

    @Option(names = "--kubernetes-version", paramLabel = "VERSION", description = "Kubernetes version, e.g. 1.33 (default: AKS's default).")
    String kubernetesVersion;

    @Option(names = "--no-wait", description = "Return once Azure accepted the request.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "45m", converter = DurationConverter.class,
            description = "How long to wait for provisioning. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    DryRunOption dryRun;

    @Mixin
    AzureOptions azure;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = console();
        boolean dry = dryRun.enabled();
        GpuPoolSpec pool = gpu.pool(gpuPoolName, gpuOnly);
        Map<String, String> headers = gpu.headers();
        AksClusters.CreateSpec spec = AksClusters.spec(resourceGroup, name, location, kubernetesVersion, systemVmSize,
                systemCount, pool, headers);
        CustomHeaders.warnings(headers).forEach(console::warn);
        AzureSettings settings = azure.settings(dry);
        java.util.List<QuotaPreflight.Need> needs = QuotaPreflight.needs(pool, gpuOnly ? null : systemVmSize, systemCount);
        if (dry) {
            var plan = new java.util.ArrayList<>(AksClusters.plan(settings, spec));
            plan.set(1, plan.get(1).withNote(QuotaPreflight.dryRunNote(settings, spec.location(), needs, gpu.skipQuotaCheck)));
            AksViews.printDryRun(console, output.format(), settings, plan);
            return 0;
        }
        console.debug("subscription " + settings.subscription() + " (from " + settings.subscriptionSource() + ")");
        AzureArm arm = AzureArm.connect(settings, console, io.kubectlgpu.core.BuildInfo.userAgent());
        AksClusterSummary cluster = AksClusters.create(arm, spec, gpu.skipQuotaCheck ? null : needs, !noWait, timeout);
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), cluster);
        } else {
            AksViews.printPools(console, output.format(), output.noHeaders(), cluster.pools());
        }
        if (!noWait) {
            AksViews.nextSteps(console, pool, resourceGroup, name);
        }
        return 0;
    }
}
