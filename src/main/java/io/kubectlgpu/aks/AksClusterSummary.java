package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.ArrayList;
import java.util.List;

/** A managed cluster as ARM reports it, as printed by aks create. */
@RegisterForReflection
public record AksClusterSummary(String name, String resourceGroup, String location, String kubernetesVersion, String fqdn,
        String provisioningState, List<AksPoolSummary> pools) {

    static AksClusterSummary of(String resourceGroup, JsonNode cluster) {
        List<AksPoolSummary> pools = new ArrayList<>();
        JsonNode profiles = Json.at(cluster, "properties", "agentPoolProfiles");
        if (profiles != null && profiles.isArray()) {
            profiles.forEach(p -> pools.add(AksPoolSummary.of(Json.text(p, "name"), p)));
        }
        return new AksClusterSummary(Json.text(cluster, "name"), resourceGroup, Json.text(cluster, "location"),
                Json.text(cluster, "properties", "currentKubernetesVersion") != null
                        ? Json.text(cluster, "properties", "currentKubernetesVersion")
                        : Json.text(cluster, "properties", "kubernetesVersion"),
                Json.text(cluster, "properties", "fqdn"), Json.text(cluster, "properties", "provisioningState"), pools);
    }
}
