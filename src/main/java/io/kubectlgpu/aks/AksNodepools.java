package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** aks nodepool add: a GPU agent pool in an existing managed cluster. */
public final class AksNodepools {
    private AksNodepools() {
    }

    public record AddSpec(String resourceGroup, String cluster, GpuPoolSpec pool, Map<String, String> headers) {
    }

    public static AddSpec spec(String resourceGroup, String cluster, GpuPoolSpec pool, Map<String, String> headers) {
        AksNames.resourceGroup(resourceGroup);
        AksNames.cluster(cluster);
        return new AddSpec(resourceGroup, cluster, pool, Map.copyOf(new LinkedHashMap<>(headers)));
    }

    public static List<ArmRequest> plan(AzureSettings s, AddSpec spec) {
        return List.of(poolPut(s, s.subscriptionOrPlaceholder(), spec));
    }

    public static AksPoolSummary add(ArmClient arm, AddSpec spec, boolean wait, Duration timeout) {
        AzureSettings s = arm.settings();
        Console console = arm.console();
        String sub = s.subscription();
        String clusterId = ArmApi.managedCluster(sub, spec.resourceGroup(), spec.cluster());
        ArmRequest clusterGet = ArmRequest.get(s.url(clusterId, ArmApi.CONTAINER_SERVICE),
                "Microsoft.ContainerService/managedClusters/read", clusterId);
        ArmResponse cluster = arm.send(clusterGet);
        if (cluster.status() == 404) {
            throw GpuException.conditionFailed("managed cluster " + spec.cluster() + " not found in resource group "
                    + spec.resourceGroup() + " of subscription " + sub,
                    "check --cluster and -g, or create it with 'kubectl gpu aks create'");
        }
        if (!cluster.ok()) {
            throw ArmErrors.fromResponse(clusterGet, cluster, null);
        }
        String location = Json.text(cluster.body(), "location");
        ArmRequest put = poolPut(s, sub, spec);
        ArmRequest get = ArmRequest.get(put.url(), "Microsoft.ContainerService/managedClusters/agentPools/read", put.scope());
        ArmResponse existing = arm.send(get);
        if (existing.ok()) {
            throw GpuException.conditionFailed("node pool " + spec.pool().name() + " already exists in cluster " + spec.cluster()
                    + " (" + Json.text(existing.body(), "properties", "vmSize") + ")",
                    "choose another --name; GPU driver, MIG profile and size of a pool cannot be changed in place");
        }
        if (existing.status() != 404) {
            throw ArmErrors.fromResponse(get, existing, null);
        }
        String context = spec.pool().context(location);
        ArmResponse created = arm.call(put, context);
        String what = "node pool " + spec.pool().name() + " of " + spec.cluster();
        if (!wait) {
            console.info(what + ": " + ArmOperations.provisioningState(created.body(), "Accepted")
                    + "; not waiting (--no-wait): provisioning continues in Azure");
            JsonNode body = created.body() == null ? put.body() : created.body();
            return AksPoolSummary.of(spec.pool().name(), body.get("properties"));
        }
        JsonNode pool = ArmOperations.await(arm, put, created, what, context, timeout);
        return AksPoolSummary.of(spec.pool().name(), pool.get("properties"));
    }

    static ArmRequest poolPut(AzureSettings s, String sub, AddSpec spec) {
        String id = ArmApi.agentPool(sub, spec.resourceGroup(), spec.cluster(), spec.pool().name());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("If-None-Match", "*");
        headers.putAll(spec.headers());
        ObjectNode body = Json.object();
        body.set("properties", spec.pool().properties(false));
        return new ArmRequest("PUT", s.url(id, spec.pool().apiVersion()), headers, body,
                "Microsoft.ContainerService/managedClusters/agentPools/write", id, null);
    }
}
