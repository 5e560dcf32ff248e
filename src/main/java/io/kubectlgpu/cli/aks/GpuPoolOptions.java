package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.CustomHeaders;
import io.kubectlgpu.aks.GpuPoolSpec;
import io.kubectlgpu.aks.GpuSizes;
import io.kubectlgpu.core.GpuException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** The GPU pool flags of aks create and aks nodepool add. */
public class GpuPoolOptions {
    @Option(names = "--node-vm-size", paramLabel = "SIZE", defaultValue = GpuSizes.RECOMMENDED_MINIMUM,
            description = "GPU VM size. Default: ${DEFAULT-VALUE} (NVIDIA T4, the current minimum; NC6 and NCv3 are retired).")
    String vmSize;

    @Option(names = "--node-count", paramLabel = "N", description = "GPU nodes. Default: 1 (with the autoscaler: --min-count).")
    Integer nodeCount;

    @Option(names = "--gpu-driver", paramLabel = "Install|None", defaultValue = "Install",
            description = "Install: AKS installs the NVIDIA driver; None: you do (e.g. GPU Operator). Immutable. "
                    + "Default: ${DEFAULT-VALUE}. Replaces the retired --skip-gpu-driver-install.")
    String gpuDriver;

    @Option(names = "--taint", paramLabel = "KEY[=VALUE]:EFFECT",
            description = "Node taint, repeatable. Default: " + GpuPoolSpec.DEFAULT_TAINT + " (none with --gpu-only).")
    List<String> taints = new ArrayList<>();

    @Option(names = "--no-taint", description = "Do not taint the GPU nodes.")
    boolean noTaint;

    @Option(names = "--gpu-instance-profile", paramLabel = "MIG1g|MIG2g|MIG3g|MIG4g|MIG7g",
            description = "MIG partition of every GPU (A100, H100, H200 sizes). Immutable.")
    String gpuInstanceProfile;

    @Option(names = "--os-sku", paramLabel = "OS", description = "Node OS: Ubuntu, Ubuntu2204, Ubuntu2404, AzureLinux, AzureLinux3.")
    String osSku;

    @Option(names = "--enable-autoscaler", description = "Let the cluster autoscaler size the pool between --min-count and --max-count.")
    boolean autoscale;

    @Option(names = "--min-count", paramLabel = "N", description = "Fewest nodes with --enable-autoscaler.")
    Integer minCount;

    @Option(names = "--max-count", paramLabel = "N", description = "Most nodes with --enable-autoscaler.")
    Integer maxCount;

    @Option(names = "--managed-gpu",
            description = "AKS-managed GPU pool (preview): AKS installs driver, device plugin and DCGM exporter. Sends "
                    + "gpuProfile.nvidia.managementMode=Managed with the preview API; needs feature ManagedGPUExperiencePreview.")
    boolean managedGpu;

    @Option(names = "--custom-header", paramLabel = "KEY=VALUE",
            description = "Extra AKS header, repeatable, like az --aks-custom-headers: sent as 'KEY: VALUE', "
                    + "e.g. AKSHTTPCustomFeatures=Microsoft.ContainerService/SomePreview.")
    List<String> customHeaders = new ArrayList<>();

    @Option(names = "--skip-quota-check",
            description = "Send without first checking the size's availability and the family's free vCPU quota in the region.")
    boolean skipQuotaCheck;

    GpuPoolSpec pool(String name, boolean system) {
        if (noTaint && !taints.isEmpty()) {
            throw GpuException.usage("--taint and --no-taint exclude each other", null);
        }
        List<String> effective = noTaint ? List.of() : !taints.isEmpty() ? taints
                : system ? List.of() : List.of(GpuPoolSpec.DEFAULT_TAINT);
        return GpuPoolSpec.of(name, vmSize, nodeCount, gpuDriver, effective, gpuInstanceProfile, osSku, autoscale, minCount,
                maxCount, managedGpu, system);
    }

    Map<String, String> headers() {
        return CustomHeaders.parse(customHeaders);
    }
}
