package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksGpuSize;
import io.kubectlgpu.aks.AksNames;
import io.kubectlgpu.aks.AksSizes;
import io.kubectlgpu.aks.AzureArm;
import io.kubectlgpu.cli.BaseCommand;
import io.kubectlgpu.cli.OutputOptions;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.output.Table;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "sizes",
        header = "List the GPU VM sizes offered in a region.",
        description = {"",
                "From the resource SKU API (Microsoft.Compute/skus) and the regional vCPU "
                + "usages (Microsoft.Compute usages) of your subscription: each size with its GPUs, "
                + "the free vCPUs of its family's quota in the region (free/limit), and whether it is "
                + "restricted for you in the region or in zones; -o wide adds the series, the family "
                + "(the quota's name), the zones and the restricted ones. "
                + "Marked: sizes restricted for the subscription, retired families (NC, NCv2, "
                + "NCv3, ND), unsupported ones (AMD: NVv4, NG, MI300X), the recommended "
                + "minimum (" + io.kubectlgpu.aks.GpuSizes.RECOMMENDED_MINIMUM + ") and MIG-capable sizes.",
                "",
                "Examples:",
                "  kubectl gpu aks sizes -l westeurope",
                "  kubectl gpu aks sizes -l eastus -o wide",
                "  kubectl gpu aks sizes -l eastus -o json",
                ""})
public class AksSizesCommand extends BaseCommand {
    @Option(names = {"-l", "--location"}, required = true, paramLabel = "LOCATION", description = "Region, e.g. westeurope.")
    String location;

    @Mixin
    AzureOptions azure;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = console();
        String region = AksNames.location(location);
        AzureArm arm = AzureArm.connect(azure.settings(false), console, io.kubectlgpu.core.BuildInfo.userAgent());
        List<AksGpuSize> sizes = AksSizes.gpuSizes(arm, region);
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), sizes);
            return 0;
        }
        if (sizes.isEmpty()) {
            console.info("no GPU VM sizes are offered in " + region + " for this subscription");
            return 0;
        }
        boolean wide = output.format() == OutputFormat.WIDE;
        List<String> headers = new ArrayList<>(List.of("NAME", "GPUS", "GPU", "VCPUS", "MEMORY", "QUOTA FREE", "STATUS", "NOTE"));
        if (wide) {
            headers.addAll(List.of("SERIES", "FAMILY", "ZONES", "RESTRICTED ZONES", "RESTRICTION"));
        }
        Table table = new Table(headers);
        for (AksGpuSize s : sizes) {
            List<String> row = new ArrayList<>(List.of(s.name(), String.valueOf(s.gpus()), str(s.gpuModel()),
                    s.vCPUs() == null ? "" : s.vCPUs().toString(), s.memoryGiB() == null ? "" : gib(s.memoryGiB()),
                    quota(s), s.status(), note(s)));
            if (wide) {
                row.addAll(List.of(str(s.series()), str(s.family()), String.join(",", s.zones()),
                        String.join(",", s.restrictedZones()), str(s.restriction())));
            }
            table.row(row);
        }
        table.render(!output.noHeaders()).forEach(console::data);
        return 0;
    }

    /** Free vCPUs of the family in the region, as "free/limit", or "" when Azure reports no usage for it. */
    private static String quota(AksGpuSize s) {
        return s.quotaFree() == null ? "" : s.quotaFree() + "/" + s.quotaLimit();
    }

    /** The size's note, and the zones where it is restricted for the subscription (a pool there would fail). */
    private static String note(AksGpuSize s) {
        List<String> parts = new ArrayList<>();
        if (s.note() != null) {
            parts.add(s.note());
        }
        if (!s.restrictedZones().isEmpty()) {
            parts.add("restricted in zone" + (s.restrictedZones().size() == 1 ? " " : "s ") + String.join(",", s.restrictedZones()));
        }
        return String.join("; ", parts);
    }

    private static String gib(double d) {
        return (d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d)) + "Gi";
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
