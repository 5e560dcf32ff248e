package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Quota and capacity before anything is created: a new subscription has 0 vCPUs for the GPU families, and ARM only
 * says so minutes into a create (QuotaExceeded, OperationNotAllowed). aks create and aks nodepool add read the
 * region's resource SKUs (is the size offered, is it restricted for the subscription) and Compute usages (the
 * family's and the region's vCPUs used and allowed) first and refuse with one line, unless --skip-quota-check.
 */
public final class QuotaPreflight {
    /** Where quota is requested: the Azure portal's Quotas page (My quotas, provider Compute). */
    public static final String QUOTA_PAGE = "https://portal.azure.com/#view/Microsoft_Azure_Capacity/QuotaMenuBlade/~/myQuotas";
    private static final Pattern VCPUS_IN_NAME = Pattern.compile("(?i)^standard_[a-z]+?(\\d+)");

    private QuotaPreflight() {
    }

    /** A pool to be created: its size, nodes now, and the most nodes the autoscaler may add (or null). */
    public record Need(String vmSize, int nodes, Integer maxNodes) {
    }

    /** The GPU pool (and, for aks create, the CPU system pool) as needs. */
    public static List<Need> needs(GpuPoolSpec gpu, String systemVmSize, Integer systemCount) {
        Need g = new Need(gpu.vmSize(), gpu.count(), gpu.autoscale() ? gpu.maxCount() : null);
        return systemVmSize == null ? List.of(g) : List.of(new Need(systemVmSize, systemCount, null), g);
    }

    /** What a dry run says instead of reading (nothing is sent in a dry run). */
    public static String dryRunNote(AzureSettings s, String location, List<Need> needs, boolean skip) {
        if (skip) {
            return "no quota preflight (--skip-quota-check)";
        }
        String loc = location == null ? "{the cluster's location}" : location;
        String sub = s.subscriptionOrPlaceholder();
        StringBuilder sb = new StringBuilder("sent after the quota preflight, which reads GET "
                + s.url(ArmApi.usages(sub, loc), ArmApi.COMPUTE_USAGES) + "\nand GET "
                + s.url(ArmApi.subscription(sub) + "/providers/Microsoft.Compute/skus", ArmApi.COMPUTE_SKUS)
                + "&$filter=" + ArmApi.query("location eq '" + loc + "'")
                + "\nand refuses unless each size is offered and unrestricted in " + loc + " and fits its family's free vCPUs:");
        for (Need n : needs) {
            Integer per = vCpusByName(n.vmSize());
            sb.append("\n  ").append(n.vmSize()).append(" x").append(n.nodes())
                    .append(per == null ? "" : " = " + per * n.nodes() + " vCPUs (by its name)");
        }
        return sb.toString();
    }

    static Integer vCpusByName(String size) {
        Matcher m = VCPUS_IN_NAME.matcher(size);
        return m.find() ? Integer.valueOf(m.group(1)) : null;
    }

    /** Reads the region and refuses what cannot be created; prints what it found on stderr. */
    public static void check(AzureArm arm, String location, List<Need> needs) {
        check(AksSizes.read(arm, location), needs, arm.console());
    }

    static void check(AksSizes.Region region, List<Need> needs, Console console) {
        String loc = region.location();
        Map<String, long[]> perFamily = new LinkedHashMap<>(); // family -> {vCPUs needed now, at the autoscaler's most}
        Map<String, String> sizesOf = new LinkedHashMap<>();
        long total = 0;
        for (Need n : needs) {
            AksSizes.Sku sku = region.sku(n.vmSize()).orElseThrow(() -> GpuException.conditionFailed(
                    "size " + n.vmSize() + " is not offered in " + loc + " (resource SKUs of the subscription)",
                    "'kubectl gpu aks sizes -l " + loc + "' lists what is offered there; or use another region"));
            if (sku.restriction() != null) {
                throw GpuException.conditionFailed("size " + n.vmSize() + " is restricted for this subscription in " + loc
                                + " (" + sku.restriction() + ")",
                        "ask for access through an Azure support request (quota type: Compute-VM), or choose another size "
                                + "or region ('kubectl gpu aks sizes -l " + loc + "')");
            }
            if (!sku.restrictedZones().isEmpty()) {
                console.info("size " + n.vmSize() + " is restricted in zones " + String.join(",", sku.restrictedZones())
                        + " of " + loc + "; the pool sets no zones, Azure places it elsewhere");
            }
            long needed = (long) sku.vCPUs() * n.nodes();
            long most = (long) sku.vCPUs() * (n.maxNodes() == null ? n.nodes() : n.maxNodes());
            total += needed;
            long[] f = perFamily.computeIfAbsent(sku.family(), k -> new long[2]);
            f[0] += needed;
            f[1] += most;
            sizesOf.merge(sku.family(), n.vmSize() + " x" + n.nodes(), (a, b) -> a + ", " + b);
        }
        for (var e : perFamily.entrySet()) {
            Optional<AksSizes.Usage> usage = region.usage(e.getKey());
            if (usage.isEmpty()) {
                console.info("quota: Azure reports no usage for " + e.getKey() + " in " + loc + "; not checked");
                continue;
            }
            refuseUnlessFits(usage.get(), e.getValue()[0], sizesOf.get(e.getKey()), loc, console);
            if (e.getValue()[1] > usage.get().free()) {
                console.warn("the autoscaler may grow " + sizesOf.get(e.getKey()) + " to " + e.getValue()[1] + " vCPUs of "
                        + e.getKey() + ", but only " + usage.get().free() + " are free in " + loc
                        + "; request more at " + QUOTA_PAGE);
            }
        }
        Optional<AksSizes.Usage> regional = region.usage(AksSizes.TOTAL_REGIONAL);
        if (regional.isPresent()) {
            refuseUnlessFits(regional.get(), total, "all pools", loc, console);
        }
    }

    private static void refuseUnlessFits(AksSizes.Usage usage, long needed, String what, String loc, Console console) {
        String name = usage.name().equalsIgnoreCase(AksSizes.TOTAL_REGIONAL) ? "Total Regional vCPUs" : usage.name();
        String numbers = needed + " vCPUs needed (" + what + "), " + usage.used() + " used of " + usage.limit() + " allowed";
        if (needed > usage.free()) {
            throw GpuException.conditionFailed("not enough quota for " + name + " in " + loc + ": " + numbers,
                    "request more vCPUs for " + name + " in " + loc + " at " + QUOTA_PAGE
                            + " (Azure portal: Quotas, Compute), or choose another size or region; --skip-quota-check sends anyway");
        }
        console.info("quota: " + name + " in " + loc + ": " + numbers);
    }
}
