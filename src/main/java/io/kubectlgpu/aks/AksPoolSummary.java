package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/** A node pool as ARM reports it, as printed by aks create and aks nodepool add. */
@RegisterForReflection
public record AksPoolSummary(String name, String mode, String vmSize, Integer count, Integer minCount, Integer maxCount,
        String gpuDriver, String gpuInstanceProfile, String gpuManagementMode, List<String> nodeTaints,
        String provisioningState) {

    /** @param properties agentPoolProfiles[] entry or agentPools properties */
    static AksPoolSummary of(String name, JsonNode properties) {
        List<String> taints = new ArrayList<>();
        JsonNode t = properties == null ? null : properties.get("nodeTaints");
        if (t != null && t.isArray()) {
            t.forEach(n -> taints.add(n.asText()));
        }
        return new AksPoolSummary(name, Json.text(properties, "mode"), Json.text(properties, "vmSize"),
                integer(properties, "count"), integer(properties, "minCount"), integer(properties, "maxCount"),
                Json.text(properties, "gpuProfile", "driver"), Json.text(properties, "gpuInstanceProfile"),
                Json.text(properties, "gpuProfile", "nvidia", "managementMode"), taints,
                Json.text(properties, "provisioningState"));
    }

    private static Integer integer(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || !n.canConvertToInt() ? null : n.asInt();
    }
}
