package io.kubectlgpu.cli.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.aks.AksPoolSummary;
import io.kubectlgpu.aks.Json;
import io.kubectlgpu.aks.PlannedRequest;
import io.kubectlgpu.aks.AzureSettings;
import io.kubectlgpu.aks.GpuPoolSpec;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.output.Table;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/** How the aks commands print: dry-run requests, node pool tables, next steps. */
final class AksViews {
    private AksViews() {
    }

    /** A dry-run request for -o json|yaml. */
    @RegisterForReflection
    record DryRunRequest(String method, String url, Map<String, String> headers, JsonNode body, String note) {
    }


    static void printDryRun(Console console, OutputFormat format, AzureSettings settings, List<PlannedRequest> requests) {
        if (settings.subscription() == null) {
            console.warn("no subscription configured: the URLs show " + AzureSettings.SUBSCRIPTION_PLACEHOLDER);
        }
        if (format.machineReadable()) {
            Printer.print(console, format, requests.stream()
                    .map(r -> new DryRunRequest(r.method(), r.url(), r.headers(), r.body() == null ? null : Json.parse(r.body()), r.note())).toList());
            return;
        }
        console.info("dry run: nothing is sent to Azure; these are the requests (the Authorization header is added when sent)");
        for (int i = 0; i < requests.size(); i++) {
            console.out().print(requests.get(i).display());
            if (i < requests.size() - 1) {
                console.out().println();
            }
        }
        console.out().flush();
    }

    static void printPools(Console console, OutputFormat format, boolean noHeaders, List<AksPoolSummary> pools) {
        boolean wide = format == OutputFormat.WIDE;
        Table table = new Table(wide
                ? List.of("NAME", "MODE", "VM SIZE", "COUNT", "AUTOSCALE", "GPU DRIVER", "MIG", "MANAGED GPU", "TAINTS", "STATE")
                : List.of("NAME", "MODE", "VM SIZE", "COUNT", "GPU DRIVER", "TAINTS", "STATE"));
        for (AksPoolSummary p : pools) {
            String count = p.count() == null ? "" : p.count().toString();
            String taints = String.join(",", p.nodeTaints());
            if (wide) {
                table.row(List.of(p.name(), str(p.mode()), str(p.vmSize()), count,
                        p.minCount() == null ? "" : p.minCount() + "-" + p.maxCount(), str(p.gpuDriver()),
                        str(p.gpuInstanceProfile()), str(p.gpuManagementMode()), taints, str(p.provisioningState())));
            } else {
                table.row(List.of(p.name(), str(p.mode()), str(p.vmSize()), count, str(p.gpuDriver()), taints,
                        str(p.provisioningState())));
            }
        }
        table.render(!noHeaders).forEach(console::data);
    }

    /** What to do next, on stderr. */
    static void nextSteps(Console console, GpuPoolSpec pool, String resourceGroup, String cluster) {
        String creds = "kubectl gpu aks get-credentials -g " + resourceGroup + " -n " + cluster;
        if (pool.managedGpu()) {
            console.info("AKS runs the NVIDIA device plugin and DCGM exporter on pool " + pool.name()
                    + ": do not install another device plugin there ('kubectl gpu install' would double-register GPUs)");
            console.info("next: " + creds + " && kubectl gpu verify");
        } else if (pool.gpuDriver().equals("None")) {
            console.info("next: " + creds + ", install the NVIDIA driver yourself (e.g. the GPU Operator), then kubectl gpu verify");
        } else {
            console.info("next: " + creds + " && kubectl gpu install");
        }
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }
}
