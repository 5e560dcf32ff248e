package io.kubectlgpu.aks;

import com.azure.resourcemanager.containerservice.fluent.AgentPoolsClient;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import io.kubectlgpu.core.GpuException;
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

    public static List<PlannedRequest> plan(AzureSettings s, AddSpec spec) {
        String id = ArmApi.agentPool(s.subscriptionOrPlaceholder(), spec.resourceGroup(), spec.cluster(), spec.pool().name());
        return List.of(new PlannedRequest("PUT", s.url(id, spec.pool().apiVersion()), AksClusters.headers(spec.headers()),
                poolBody(spec.pool()), null));
    }

    static String poolBody(GpuPoolSpec pool) {
        AgentPoolInner body = AksModels.agentPool(pool);
        return AksModels.json(pool.managedGpu() ? AksModels.managedGpu(body, pool.name()) : body);
    }

    /** The cluster's region, read before anything is created (the quota preflight needs it). */
    public static String clusterLocation(AzureArm arm, AddSpec spec) {
        String sub = arm.settings().subscription();
        String clusterId = ArmApi.managedCluster(sub, spec.resourceGroup(), spec.cluster());
        ManagedClusterInner cluster = arm.getOrNull(() -> arm.containerService().getManagedClusters()
                .getByResourceGroup(spec.resourceGroup(), spec.cluster()), "Microsoft.ContainerService/managedClusters/read", clusterId);
        if (cluster == null) {
            throw GpuException.conditionFailed("managed cluster " + spec.cluster() + " not found in resource group "
                    + spec.resourceGroup() + " of subscription " + sub,
                    "check --cluster and -g, or create it with 'kubectl gpu aks create'");
        }
        return cluster.location();
    }

    public static AksPoolSummary add(AzureArm arm, AddSpec spec, String location, boolean wait, Duration timeout) {
        String sub = arm.settings().subscription();
        String id = ArmApi.agentPool(sub, spec.resourceGroup(), spec.cluster(), spec.pool().name());
        AgentPoolsClient pools = arm.containerService().getAgentPools();
        AgentPoolInner existing = arm.getOrNull(() -> pools.get(spec.resourceGroup(), spec.cluster(), spec.pool().name()),
                "Microsoft.ContainerService/managedClusters/agentPools/read", id);
        if (existing != null) {
            throw GpuException.conditionFailed("node pool " + spec.pool().name() + " already exists in cluster " + spec.cluster()
                    + " (" + existing.vmSize() + ")",
                    "choose another --name; GPU driver, MIG profile and size of a pool cannot be changed in place");
        }
        String context = spec.pool().context(location);
        String what = "node pool " + spec.pool().name() + " of " + spec.cluster();
        String action = "Microsoft.ContainerService/managedClusters/agentPools/write";
        AgentPoolInner body = AksModels.agentPool(spec.pool());
        if (spec.pool().managedGpu()) {
            GenericResourceInner generic = AksModels.managedGpu(body, spec.pool().name());
            ResourcesClient resources = arm.resources().getResources();
            GenericResourceInner created = arm.createOrUpdate(() -> AzureArm.withHeaders(resources
                            .createOrUpdateByIdWithResponseAsync(id.substring(1), ArmApi.CONTAINER_SERVICE_PREVIEW, generic),
                            AksClusters.headers(spec.headers())),
                    GenericResourceInner.class, what, action, id, context, wait, timeout);
            // untyped properties: written back whole, read-only fields and gpuProfile.nvidia included
            return AksPoolSummary.of(spec.pool().name(), Json.parse(AksModels.json(created == null ? generic : created))
                    .get("properties"));
        } else {
            AgentPoolInner created = arm.createOrUpdate(() -> AzureArm.withHeaders(pools.createOrUpdateWithResponseAsync(
                            spec.resourceGroup(), spec.cluster(), spec.pool().name(), body, null, "*"), spec.headers()),
                    AgentPoolInner.class, what, action, id, context, wait, timeout);
            return AksModels.summary(spec.pool().name(), created == null ? body : created);
        }
    }
}
