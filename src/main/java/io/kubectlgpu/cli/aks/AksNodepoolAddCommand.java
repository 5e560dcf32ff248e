package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksNodepools;
import io.kubectlgpu.aks.AksPoolSummary;
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
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "add", sortOptions = false,
        header = "Add a GPU node pool to an AKS cluster.",
        description = {"",
                "Size, driver installation (--gpu-driver) and MIG profile "
                + "(--gpu-instance-profile) cannot be changed once the pool exists; they are "
                + "checked before anything is sent.",
                "",
                "Examples:",
                "  kubectl gpu aks nodepool add --cluster myAKSCluster -g myResourceGroup \\",
                "      --name gpu",
                "  kubectl gpu aks nodepool add --cluster c -g rg --name a100 \\",
                "      --node-vm-size Standard_NC24ads_A100_v4 --gpu-instance-profile MIG1g \\",
                "      --enable-autoscaler --min-count 0 --max-count 3",
                "  kubectl gpu aks nodepool add --cluster c -g rg --name managed --managed-gpu",
                "  kubectl gpu aks nodepool add --cluster c -g rg --name gpu --gpu-driver None",
                ""})
public class AksNodepoolAddCommand extends BaseCommand {
    @Option(names = "--cluster", required = true, paramLabel = "CLUSTER", description = "Cluster name.")
    String cluster;

    @Option(names = {"-g", "--resource-group"}, required = true, paramLabel = "RG", description = "The cluster's resource group.")
    String resourceGroup;

    @Option(names = "--name", required = true, paramLabel = "POOL", description = "Pool name: 1-12 lower-case letters and digits.")
    String name;

    @Mixin
    GpuPoolOptions gpu;

    @Option(names = "--no-wait", description = "Return once Azure accepted the request.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
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
        GpuPoolSpec pool = gpu.pool(name, false);
        Map<String, String> headers = gpu.headers();
        AksNodepools.AddSpec spec = AksNodepools.spec(resourceGroup, cluster, pool, headers);
        CustomHeaders.warnings(headers).forEach(console::warn);
        AzureSettings settings = azure.settings(dry);
        List<QuotaPreflight.Need> needs = QuotaPreflight.needs(pool, null, null);
        if (dry) {
            AksViews.printDryRun(console, output.format(), settings, AksNodepools.plan(settings, spec).stream()
                    .map(r -> r.withNote(QuotaPreflight.dryRunNote(settings, null, needs, gpu.skipQuotaCheck))).toList());
            return 0;
        }
        AzureArm arm = AzureArm.connect(settings, console, io.kubectlgpu.core.BuildInfo.userAgent());
        String location = AksNodepools.clusterLocation(arm, spec);
        if (!gpu.skipQuotaCheck) {
            QuotaPreflight.check(arm, location, needs);
        }
        AksPoolSummary added = AksNodepools.add(arm, spec, location, !noWait, timeout);
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), added);
        } else {
            AksViews.printPools(console, output.format(), output.noHeaders(), List.of(added));
        }
        if (!noWait) {
            AksViews.nextSteps(console, pool, resourceGroup, cluster);
        }
        return 0;
    }
}
