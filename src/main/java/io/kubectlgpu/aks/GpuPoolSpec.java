package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A GPU node pool as kubectl-gpu creates it, validated before anything is sent (AksModels makes the SDK models of it).
 *
 * @param gpuDriver          Install or None (properties.gpuProfile.driver; immutable after creation)
 * @param gpuInstanceProfile MIG1g|MIG2g|MIG3g|MIG4g|MIG7g or null (immutable)
 * @param managedGpu         AKS-managed GPU pool: properties.gpuProfile.nvidia.managementMode=Managed (preview API)
 * @param system             true for a pool in System mode (--gpu-only): the cluster's only pool
 */
public record GpuPoolSpec(String name, String vmSize, int count, String gpuDriver, List<String> taints,
        String gpuInstanceProfile, String osSku, boolean autoscale, Integer minCount, Integer maxCount, boolean managedGpu,
        boolean system) {

    public static final String DEFAULT_TAINT = "sku=gpu:NoSchedule";
    private static final List<String> MIG_PROFILES = List.of("MIG1g", "MIG2g", "MIG3g", "MIG4g", "MIG7g");
    private static final List<String> LINUX_OS_SKUS = List.of("Ubuntu", "Ubuntu2204", "Ubuntu2404", "AzureLinux", "AzureLinux3");
    private static final Pattern TAINT = Pattern.compile(
            "^(([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?"
                    + "(=[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?:(NoSchedule|PreferNoSchedule|NoExecute)$");

    /** Checks the flags as given and returns the pool; every problem is a usage error naming the flag. */
    public static GpuPoolSpec of(String name, String vmSize, Integer count, String gpuDriver, List<String> taints,
            String gpuInstanceProfile, String osSku, boolean autoscale, Integer minCount, Integer maxCount,
            boolean managedGpu, boolean system) {
        AksNames.pool(name, system ? "--gpu-pool-name" : "--name");
        GpuSizes.requireUsableGpuSize(vmSize, "--node-vm-size");
        String driver = switch (gpuDriver == null ? "install" : gpuDriver.toLowerCase(Locale.ROOT)) {
            case "install" -> "Install";
            case "none" -> "None";
            default -> throw GpuException.usage("--gpu-driver '" + gpuDriver + "' is not Install or None",
                    "Install: AKS installs the NVIDIA driver (default); None: you install it, e.g. with the GPU Operator");
        };
        for (String t : taints) {
            if (!TAINT.matcher(t).matches()) {
                throw GpuException.usage("--taint '" + t + "' is not KEY[=VALUE]:EFFECT",
                        "e.g. sku=gpu:NoSchedule; EFFECT is NoSchedule, PreferNoSchedule or NoExecute");
            }
            if (system && !t.startsWith("CriticalAddonsOnly") && !t.endsWith(":PreferNoSchedule")) {
                throw GpuException.usage("--taint " + t + " on the only (System) pool would keep system pods such as "
                        + "CoreDNS off every node", "drop --taint with --gpu-only, or create a separate CPU system pool");
            }
        }
        String mig = null;
        if (gpuInstanceProfile != null) {
            mig = MIG_PROFILES.stream().filter(p -> p.equalsIgnoreCase(gpuInstanceProfile)).findFirst()
                    .orElseThrow(() -> GpuException.usage("--gpu-instance-profile '" + gpuInstanceProfile + "' is unknown",
                            "use one of " + String.join(", ", MIG_PROFILES)));
            if (!GpuSizes.supportsMig(vmSize)) {
                throw GpuException.usage("--gpu-instance-profile " + mig + " needs a MIG-capable size (A100, H100, H200); "
                        + vmSize + " is not, and the profile cannot be changed after the pool exists",
                        "e.g. --node-vm-size Standard_NC24ads_A100_v4");
            }
        }
        String os = null;
        if (osSku != null) {
            os = LINUX_OS_SKUS.stream().filter(s -> s.equalsIgnoreCase(osSku)).findFirst()
                    .orElseThrow(() -> GpuException.usage("--os-sku '" + osSku + "' is not a Linux node OS kubectl-gpu supports",
                            "use one of " + String.join(", ", LINUX_OS_SKUS)));
        }
        if (managedGpu && driver.equals("None")) {
            throw GpuException.usage("--managed-gpu and --gpu-driver None exclude each other",
                    "AKS-managed GPU pools install the driver; drop one of the two");
        }
        int min = system ? 1 : 0;
        if (!autoscale && (minCount != null || maxCount != null)) {
            throw GpuException.usage("--min-count and --max-count need --enable-autoscaler", null);
        }
        int nodes;
        if (autoscale) {
            if (minCount == null || maxCount == null) {
                throw GpuException.usage("--enable-autoscaler needs --min-count and --max-count", null);
            }
            if (minCount < min || maxCount > 1000 || minCount > maxCount) {
                throw GpuException.usage("--min-count " + minCount + " and --max-count " + maxCount + " are out of range",
                        "use " + min + " <= --min-count <= --max-count <= 1000");
            }
            nodes = count != null ? count : minCount;
            if (nodes < minCount || nodes > maxCount) {
                throw GpuException.usage("--node-count " + nodes + " is outside --min-count " + minCount + " .. --max-count "
                        + maxCount, null);
            }
        } else {
            nodes = count != null ? count : 1;
            if (nodes < min || nodes > 1000) {
                throw GpuException.usage("--node-count " + nodes + " is out of range", "use " + min + " to 1000");
            }
        }
        return new GpuPoolSpec(name, vmSize, nodes, driver, List.copyOf(taints), mig, os, autoscale,
                autoscale ? minCount : null, autoscale ? maxCount : null, managedGpu, system);
    }

    /** The Microsoft.ContainerService api-version that defines every property this pool sets. */
    public String apiVersion() {
        return managedGpu ? ArmApi.CONTAINER_SERVICE_PREVIEW : ArmApi.CONTAINER_SERVICE;
    }

    /** Size and region for quota and capacity messages. */
    public String context(String location) {
        return "size " + vmSize + " x" + count + (location == null ? "" : " in " + location);
    }
}
