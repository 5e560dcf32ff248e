package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** aks sizes: the GPU VM sizes the resource SKU API offers in a region, judged against kubectl-gpu's catalogue. */
public final class AksSkus {
    private AksSkus() {
    }

    public static ArmRequest request(AzureSettings s, String location) {
        String sub = s.subscriptionOrPlaceholder();
        String url = s.url(ArmApi.skus(sub), ArmApi.COMPUTE_SKUS) + "&$filter=" + ArmApi.query("location eq '" + location + "'");
        return ArmRequest.get(url, "Microsoft.Compute/skus/read", ArmApi.subscription(sub));
    }

    public static List<AksGpuSize> gpuSizes(ArmClient arm, String location) {
        return fromSkus(arm.list(request(arm.settings(), location), null), location);
    }

    static List<AksGpuSize> fromSkus(List<JsonNode> skus, String location) {
        Map<String, AksGpuSize> sizes = new LinkedHashMap<>();
        for (JsonNode sku : skus) {
            if (!"virtualMachines".equalsIgnoreCase(Json.text(sku, "resourceType"))) {
                continue;
            }
            String name = Json.text(sku, "name");
            if (name == null || sizes.containsKey(name)) {
                continue;
            }
            Map<String, String> caps = new HashMap<>();
            JsonNode c = sku.get("capabilities");
            if (c != null && c.isArray()) {
                c.forEach(cap -> caps.put(Json.text(cap, "name"), Json.text(cap, "value")));
            }
            int gpus = (int) number(caps.get("GPUs"), 0);
            Optional<GpuSizes.Family> fam = GpuSizes.family(name);
            if (gpus <= 0 && fam.isEmpty()) {
                continue; // no GPU
            }
            String restriction = null;
            JsonNode restrictions = sku.get("restrictions");
            if (restrictions != null && restrictions.isArray()) {
                for (JsonNode r : restrictions) {
                    if ("Location".equalsIgnoreCase(Json.text(r, "type"))) {
                        restriction = Json.text(r, "reasonCode");
                    }
                }
            }
            List<String> zones = new ArrayList<>();
            JsonNode locationInfo = sku.get("locationInfo");
            if (locationInfo != null && locationInfo.isArray()) {
                for (JsonNode li : locationInfo) {
                    if (location.equalsIgnoreCase(Json.text(li, "location")) && li.get("zones") != null) {
                        li.get("zones").forEach(z -> zones.add(z.asText()));
                    }
                }
            }
            zones.sort(Comparator.naturalOrder());
            String status;
            String note = null;
            if (fam.isPresent() && fam.get().status() == GpuSizes.Status.RETIRED) {
                status = "retired";
                note = fam.get().remark();
            } else if (fam.isPresent() && fam.get().status() == GpuSizes.Status.UNSUPPORTED) {
                status = "unsupported";
                note = fam.get().remark();
            } else if (restriction != null) {
                status = "restricted";
                note = restriction;
            } else {
                status = "available";
            }
            if (GpuSizes.isRecommendedMinimum(name)) {
                note = "recommended minimum";
            } else if (note == null && fam.isPresent() && fam.get().mig()) {
                note = "MIG";
            }
            Double mem = caps.get("MemoryGB") == null ? null : number(caps.get("MemoryGB"), 0);
            Integer cpus = caps.get("vCPUs") == null ? null : (int) number(caps.get("vCPUs"), 0);
            sizes.put(name, new AksGpuSize(name, gpus, fam.map(GpuSizes.Family::gpu).orElse(null), cpus, mem,
                    Json.text(sku, "family"), fam.map(GpuSizes.Family::name).orElse(null), status, restriction, zones, note));
        }
        List<AksGpuSize> list = new ArrayList<>(sizes.values());
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
