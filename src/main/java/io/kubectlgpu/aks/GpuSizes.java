package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What kubectl-gpu knows about Azure GPU VM sizes: family, GPU model, whether the family is retired (Azure no longer
 * provisions it) or unsupported (AMD GPUs: no NVIDIA driver or device plugin), and which sizes can be partitioned
 * with MIG. Sizes of unknown N-series families are accepted as GPU sizes without further claims.
 */
public final class GpuSizes {
    /** The smallest size the current AKS GPU guide recommends (the 2020 guide's Standard_NC6 is retired). */
    public static final String RECOMMENDED_MINIMUM = "Standard_NC4as_T4_v3";

    public enum Status { CURRENT, RETIRED, UNSUPPORTED }

    /** A family of sizes. {@code remark} says why it is retired or unsupported, or what to know. */
    public record Family(String name, String gpu, Status status, boolean mig, String remark, Pattern sizes) {
        boolean matches(String size) {
            return sizes.matcher(size).matches();
        }
    }

    private static Family f(String name, String gpu, Status status, boolean mig, String remark, String regex) {
        return new Family(name, gpu, status, mig, remark, Pattern.compile("(?i)^standard_" + regex + "$"));
    }

    static final List<Family> FAMILIES = List.of(
            f("NC", "NVIDIA K80", Status.RETIRED, false, "NC (K80) is retired; the 2020 guide's Standard_NC6 is gone",
                    "nc(6|12|24|24r)"),
            f("NCv2", "NVIDIA P100", Status.RETIRED, false, "NCv2 (P100) is retired", "nc(6|12|24|24r)s_v2"),
            f("NCv3", "NVIDIA V100", Status.RETIRED, false, "NCv3 (V100) was retired on 2025-09-30", "nc(6|12|24|24r)s_v3"),
            f("ND", "NVIDIA P40", Status.RETIRED, false, "ND (P40) is retired", "nd(6|12|24|24r)s"),
            f("NVv4", "AMD Radeon Instinct MI25", Status.UNSUPPORTED, false,
                    "NVv4 has AMD GPUs: AKS GPU pools and the NVIDIA device plugin do not support them", "nv(4|8|16|32)as_v4"),
            f("NGads V620", "AMD Radeon PRO V620", Status.UNSUPPORTED, false,
                    "AMD GPUs: the NVIDIA device plugin does not apply", "ng(8|16|32)ads_v620_v1"),
            f("ND MI300X v5", "AMD Instinct MI300X", Status.UNSUPPORTED, false,
                    "AMD GPUs: the NVIDIA device plugin does not apply", "nd96isr_mi300x_v5"),
            f("NCasT4_v3", "NVIDIA T4", Status.CURRENT, false, null, "nc(4|8|16|64)as_t4_v3"),
            f("NC A100 v4", "NVIDIA A100 80GB", Status.CURRENT, true, null, "nc(24|48|96)ads_a100_v4"),
            f("NCads H100 v5", "NVIDIA H100 NVL", Status.CURRENT, true, null, "nc(40|80)adi?s_h100_v5"),
            f("NCCads H100 v5", "NVIDIA H100 (confidential)", Status.CURRENT, false, null, "ncc40ads_h100_v5"),
            f("ND A100 v4", "NVIDIA A100 40GB", Status.CURRENT, true, null, "nd96asr_v4"),
            f("NDm A100 v4", "NVIDIA A100 80GB", Status.CURRENT, true, null, "nd96amsr_a100_v4"),
            f("ND H100 v5", "NVIDIA H100", Status.CURRENT, true, null, "nd96isr_h100_v5"),
            f("ND H200 v5", "NVIDIA H200", Status.CURRENT, true, null, "nd96isr_h200_v5"),
            f("NVadsA10 v5", "NVIDIA A10", Status.CURRENT, false, null, "nv(6|12|18|36|72)ads_a10_v5"),
            f("NDv2", "NVIDIA V100", Status.CURRENT, false, null, "nd40rs_v2"));

    private static final Pattern SIZE_NAME = Pattern.compile("(?i)^standard_[a-z0-9_]+$");
    private static final Pattern N_SERIES = Pattern.compile("(?i)^standard_n[a-z]*[0-9].*");
    private static final Pattern FPGA = Pattern.compile("(?i)^standard_np[0-9].*");

    private GpuSizes() {
    }

    public static Optional<Family> family(String size) {
        return FAMILIES.stream().filter(fam -> fam.matches(size)).findFirst();
    }

    /** Whether a size name is an N-series (GPU) size by its name; NP (FPGA) is not. */
    public static boolean isGpuName(String size) {
        return N_SERIES.matcher(size).matches() && !FPGA.matcher(size).matches();
    }

    public static boolean isRecommendedMinimum(String size) {
        return RECOMMENDED_MINIMUM.equalsIgnoreCase(size);
    }

    /**
     * Checks a GPU pool's size before anything is sent.
     *
     * @param flag the option that gave it, for messages
     * @throws GpuException (usage) for malformed, non-GPU, retired and unsupported sizes
     */
    public static void requireUsableGpuSize(String size, String flag) {
        if (size == null || !SIZE_NAME.matcher(size).matches()) {
            throw GpuException.usage(flag + " '" + size + "' is not an Azure VM size name",
                    "VM sizes look like " + RECOMMENDED_MINIMUM + "; list them with 'kubectl gpu aks sizes -l REGION'");
        }
        Optional<Family> fam = family(size);
        if (fam.isPresent() && fam.get().status() == Status.RETIRED) {
            throw GpuException.usage(flag + " " + size + ": " + fam.get().remark(),
                    "use a current size, e.g. " + RECOMMENDED_MINIMUM + " (T4, the guide's minimum) or "
                            + "Standard_NC24ads_A100_v4 (A100); 'kubectl gpu aks sizes -l REGION' lists what is offered");
        }
        if (fam.isPresent() && fam.get().status() == Status.UNSUPPORTED) {
            throw GpuException.usage(flag + " " + size + ": " + fam.get().remark(),
                    "use an NVIDIA size, e.g. " + RECOMMENDED_MINIMUM);
        }
        if (fam.isEmpty() && !isGpuName(size)) {
            throw GpuException.usage(flag + " " + size + " has no GPU",
                    "GPU sizes are the N-series, e.g. " + RECOMMENDED_MINIMUM + "; for the CPU system pool use --system-node-vm-size");
        }
    }

    /** Whether sizes of this name support MIG partitions (gpuInstanceProfile). */
    public static boolean supportsMig(String size) {
        return family(size).map(Family::mig).orElse(false);
    }
}
