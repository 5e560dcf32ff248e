package io.kubectlgpu.aks;

import com.azure.core.util.Context;
import com.azure.resourcemanager.compute.fluent.models.ResourceSkuInner;
import com.azure.resourcemanager.compute.fluent.models.UsageInner;
import com.azure.resourcemanager.compute.models.ResourceSkuCapabilities;
import com.azure.resourcemanager.compute.models.ResourceSkuLocationInfo;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictions;
import com.azure.resourcemanager.compute.models.ResourceSkuRestrictionsType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What Microsoft.Compute says about VM sizes in a region: the resource SKUs (capabilities, restrictions for the
 * subscription in the region and its zones) and the regional vCPU usages and limits per family, through
 * azure-resourcemanager-compute's service client. aks sizes lists the GPU sizes from them; the quota preflight of aks
 * create and aks nodepool add checks a pool against them.
 */
public final class AksSizes {
    /** The regional usage that counts every family's vCPUs (Total Regional vCPUs). */
    static final String TOTAL_REGIONAL = "cores";

    private AksSizes() {
    }

    /** One size as the SKU API describes it. */
    record Sku(String name, String family, int vCPUs, int gpus, Double memoryGiB, String restriction, List<String> zones,
            List<String> restrictedZones) {
    }

    /** vCPU usage and limit of a family (or of the region) in the region. */
    record Usage(String name, String localizedName, long used, long limit) {
        long free() {
            return Math.max(0, limit - used);
        }
    }

    /** The region as read once: its VM SKUs by lower-case name and its usages by lower-case name. */
    record Region(String location, Map<String, Sku> skus, Map<String, Usage> usages) {
        Optional<Sku> sku(String size) {
            return Optional.ofNullable(skus.get(size.toLowerCase(Locale.ROOT)));
        }

        Optional<Usage> usage(String name) {
            return name == null ? Optional.empty() : Optional.ofNullable(usages.get(name.toLowerCase(Locale.ROOT)));
        }
    }

    static Region read(AzureArm arm, String location) {
        String scope = ArmApi.subscription(arm.settings().subscription());
        Map<String, Sku> skus = new LinkedHashMap<>();
        arm.call(() -> {
            for (ResourceSkuInner s : arm.compute().getResourceSkus().list("location eq '" + location + "'", null, Context.NONE)) {
                if ("virtualMachines".equalsIgnoreCase(s.resourceType()) && s.name() != null) {
                    skus.putIfAbsent(s.name().toLowerCase(Locale.ROOT), sku(s, location));
                }
            }
            return null;
        }, "Microsoft.Compute/skus/read", scope, null);
        Map<String, Usage> usages = new HashMap<>();
        arm.call(() -> {
            for (UsageInner u : arm.compute().getUsages().list(location)) {
                if (u.name() != null && u.name().value() != null) {
                    usages.put(u.name().value().toLowerCase(Locale.ROOT),
                            new Usage(u.name().value(), u.name().localizedValue(), u.currentValue(), u.limit()));
                }
            }
            return null;
        }, "Microsoft.Compute/locations/usages/read", scope, null);
        return new Region(location, skus, usages);
    }

    private static Sku sku(ResourceSkuInner s, String location) {
        Map<String, String> caps = new HashMap<>();
        if (s.capabilities() != null) {
            for (ResourceSkuCapabilities c : s.capabilities()) {
                caps.put(c.name(), c.value());
            }
        }
        String restriction = null;
        List<String> restrictedZones = new ArrayList<>();
        if (s.restrictions() != null) {
            for (ResourceSkuRestrictions r : s.restrictions()) {
                String reason = r.reasonCode() == null ? "Restricted" : r.reasonCode().toString();
                if (ResourceSkuRestrictionsType.LOCATION.equals(r.type())) {
                    restriction = reason;
                } else if (ResourceSkuRestrictionsType.ZONE.equals(r.type()) && r.restrictionInfo() != null
                        && r.restrictionInfo().zones() != null) {
                    restrictedZones.addAll(r.restrictionInfo().zones());
                }
            }
        }
        List<String> zones = new ArrayList<>();
        if (s.locationInfo() != null) {
            for (ResourceSkuLocationInfo li : s.locationInfo()) {
                if (location.equalsIgnoreCase(li.location()) && li.zones() != null) {
                    zones.addAll(li.zones());
                }
            }
        }
        zones.sort(Comparator.naturalOrder());
        restrictedZones.sort(Comparator.naturalOrder());
        return new Sku(s.name(), s.family(), (int) number(caps.get("vCPUs"), 0), (int) number(caps.get("GPUs"), 0),
                caps.get("MemoryGB") == null ? null : number(caps.get("MemoryGB"), 0), restriction, zones, restrictedZones);
    }

    public static List<AksGpuSize> gpuSizes(AzureArm arm, String location) {
        return gpuSizes(read(arm, location));
    }

    static List<AksGpuSize> gpuSizes(Region region) {
        List<AksGpuSize> list = new ArrayList<>();
        for (Sku sku : region.skus().values()) {
            Optional<GpuSizes.Family> fam = GpuSizes.family(sku.name());
            if (sku.gpus() <= 0 && fam.isEmpty()) {
                continue; // no GPU
            }
            String status;
            String note = null;
            if (fam.isPresent() && fam.get().status() == GpuSizes.Status.RETIRED) {
                status = "retired";
                note = fam.get().remark();
            } else if (fam.isPresent() && fam.get().status() == GpuSizes.Status.UNSUPPORTED) {
                status = "unsupported";
                note = fam.get().remark();
            } else if (sku.restriction() != null) {
                status = "restricted";
                note = sku.restriction();
            } else {
                status = "available";
            }
            if (GpuSizes.isRecommendedMinimum(sku.name())) {
                note = "recommended minimum";
            } else if (note == null && fam.isPresent() && fam.get().mig()) {
                note = "MIG";
            }
            Optional<Usage> usage = region.usage(sku.family());
            list.add(new AksGpuSize(sku.name(), sku.gpus(), fam.map(GpuSizes.Family::gpu).orElse(null),
                    sku.vCPUs() == 0 ? null : sku.vCPUs(), sku.memoryGiB(), sku.family(),
                    fam.map(GpuSizes.Family::name).orElse(null), status, sku.restriction(), sku.zones(), sku.restrictedZones(),
                    note, usage.map(Usage::used).orElse(null), usage.map(Usage::limit).orElse(null),
                    usage.map(Usage::free).orElse(null)));
        }
        list.sort(Comparator.comparing((AksGpuSize g) -> rank(g.status())).thenComparing(AksGpuSize::gpus)
                .thenComparing(g -> g.vCPUs() == null ? 0 : g.vCPUs()).thenComparing(AksGpuSize::name));
        return list;
    }

    private static int rank(String status) {
        return switch (status) {
            case "available" -> 0;
            case "restricted" -> 1;
            case "unsupported" -> 2;
            default -> 3;
        };
    }

    private static double number(String s, double otherwise) {
        if (s == null) {
            return otherwise;
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
