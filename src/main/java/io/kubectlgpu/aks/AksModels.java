package io.kubectlgpu.aks;

import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import com.azure.json.JsonSerializable;
import com.azure.resourcemanager.containerservice.fluent.models.AgentPoolInner;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.containerservice.models.AgentPoolMode;
import com.azure.resourcemanager.containerservice.models.AgentPoolType;
import com.azure.resourcemanager.containerservice.models.GpuDriver;
import com.azure.resourcemanager.containerservice.models.GpuInstanceProfile;
import com.azure.resourcemanager.containerservice.models.GpuProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterAgentPoolProfile;
import com.azure.resourcemanager.containerservice.models.ManagedClusterIdentity;
import com.azure.resourcemanager.containerservice.models.OSSku;
import com.azure.resourcemanager.containerservice.models.OSType;
import com.azure.resourcemanager.containerservice.models.ResourceIdentityType;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The request bodies of aks create and aks nodepool add as the management libraries' typed models, serialised by the
 * Azure SDK's own serializer (azure-json) both when sent and when a dry run prints them. Loaded only when a body is
 * built: help and validation load nothing of the Azure SDK.
 */
final class AksModels {
    private AksModels() {
    }

    static ResourceGroupInner resourceGroup(String location) {
        return new ResourceGroupInner().withLocation(location);
    }

    static ManagedClusterInner cluster(AksClusters.CreateSpec spec, String location) {
        List<ManagedClusterAgentPoolProfile> pools = new ArrayList<>();
        if (!spec.gpuOnly()) {
            pools.add(new ManagedClusterAgentPoolProfile()
                    .withName(spec.systemPoolName())
                    .withMode(AgentPoolMode.SYSTEM)
                    .withVmSize(spec.systemVmSize())
                    .withCount(spec.systemCount())
                    .withOsType(OSType.LINUX)
                    .withType(AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS));
        }
        pools.add(gpuProfile(spec.gpuPool()));
        ManagedClusterInner cluster = new ManagedClusterInner()
                .withIdentity(new ManagedClusterIdentity().withType(ResourceIdentityType.SYSTEM_ASSIGNED))
                .withKubernetesVersion(spec.kubernetesVersion())
                .withDnsPrefix(AksClusters.dnsPrefix(spec.name(), spec.resourceGroup()))
                .withEnableRbac(true)
                .withAgentPoolProfiles(pools);
        cluster.withLocation(location);
        return cluster;
    }

    /** The GPU pool as an entry of the cluster's agentPoolProfiles. */
    private static ManagedClusterAgentPoolProfile gpuProfile(GpuPoolSpec pool) {
        ManagedClusterAgentPoolProfile p = new ManagedClusterAgentPoolProfile()
                .withName(pool.name())
                .withMode(pool.system() ? AgentPoolMode.SYSTEM : AgentPoolMode.USER)
                .withVmSize(pool.vmSize())
                .withCount(pool.count())
                .withOsType(OSType.LINUX)
                .withType(AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS)
                .withGpuProfile(new GpuProfile().withDriver(GpuDriver.fromString(pool.gpuDriver())));
        if (pool.osSku() != null) {
            p.withOsSku(OSSku.fromString(pool.osSku()));
        }
        if (pool.autoscale()) {
            p.withEnableAutoScaling(true).withMinCount(pool.minCount()).withMaxCount(pool.maxCount());
        }
        if (!pool.taints().isEmpty()) {
            p.withNodeTaints(pool.taints());
        }
        if (pool.gpuInstanceProfile() != null) {
            p.withGpuInstanceProfile(GpuInstanceProfile.fromString(pool.gpuInstanceProfile()));
        }
        return p;
    }

    /** The GPU pool as an agentPools resource. */
    static AgentPoolInner agentPool(GpuPoolSpec pool) {
        AgentPoolInner p = new AgentPoolInner()
                .withMode(pool.system() ? AgentPoolMode.SYSTEM : AgentPoolMode.USER)
                .withVmSize(pool.vmSize())
                .withCount(pool.count())
                .withOsType(OSType.LINUX)
                .withTypePropertiesType(AgentPoolType.VIRTUAL_MACHINE_SCALE_SETS)
                .withGpuProfile(new GpuProfile().withDriver(GpuDriver.fromString(pool.gpuDriver())));
        if (pool.osSku() != null) {
            p.withOsSku(OSSku.fromString(pool.osSku()));
        }
        if (pool.autoscale()) {
            p.withEnableAutoScaling(true).withMinCount(pool.minCount()).withMaxCount(pool.maxCount());
        }
        if (!pool.taints().isEmpty()) {
            p.withNodeTaints(pool.taints());
        }
        if (pool.gpuInstanceProfile() != null) {
            p.withGpuInstanceProfile(GpuInstanceProfile.fromString(pool.gpuInstanceProfile()));
        }
        return p;
    }

    /**
     * An AKS-managed GPU pool (or a cluster with one): the typed body plus gpuProfile.nvidia.managementMode=Managed.
     * That property exists only in the preview api-version (ArmApi.CONTAINER_SERVICE_PREVIEW); the containerservice
     * library speaks one stable api-version and has no model for it, so this one request is a generic resource PUT
     * (ResourcesClient.createOrUpdateById, which takes the api-version) of the SDK-serialised body with the field
     * added, through the same pipeline.
     *
     * @param body AgentPoolInner or ManagedClusterInner
     */
    static GenericResourceInner managedGpu(JsonSerializable<?> body, String poolName) {
        JsonNode tree = Json.parse(json(body));
        List<JsonNode> pools = new ArrayList<>();
        JsonNode profiles = Json.at(tree, "properties", "agentPoolProfiles");
        if (profiles != null) {
            profiles.forEach(p -> {
                if (poolName.equals(Json.text(p, "name"))) {
                    pools.add(p);
                }
            });
        } else {
            pools.add(tree.get("properties"));
        }
        for (JsonNode p : pools) {
            ((ObjectNode) p).withObjectProperty("gpuProfile").putObject("nvidia").put("managementMode", "Managed");
        }
        try (JsonReader reader = JsonProviders.createReader(Json.compact(tree))) {
            return GenericResourceInner.fromJson(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A cluster as ARM answered it (read-only fields included), as aks create prints it. */
    static AksClusterSummary summary(String resourceGroup, ManagedClusterInner c) {
        List<AksPoolSummary> pools = new ArrayList<>();
        if (c.agentPoolProfiles() != null) {
            for (ManagedClusterAgentPoolProfile p : c.agentPoolProfiles()) {
                pools.add(new AksPoolSummary(p.name(), str(p.mode()), p.vmSize(), p.count(), p.minCount(), p.maxCount(),
                        p.gpuProfile() == null ? null : str(p.gpuProfile().driver()), str(p.gpuInstanceProfile()), null,
                        p.nodeTaints() == null ? List.of() : p.nodeTaints(), p.provisioningState()));
            }
        }
        return new AksClusterSummary(c.name(), resourceGroup, c.location(),
                c.currentKubernetesVersion() != null ? c.currentKubernetesVersion() : c.kubernetesVersion(), c.fqdn(),
                c.provisioningState(), pools);
    }

    /** A pool as ARM answered it, as aks nodepool add prints it. */
    static AksPoolSummary summary(String name, AgentPoolInner p) {
        return new AksPoolSummary(name, str(p.mode()), p.vmSize(), p.count(), p.minCount(), p.maxCount(),
                p.gpuProfile() == null ? null : str(p.gpuProfile().driver()), str(p.gpuInstanceProfile()), null,
                p.nodeTaints() == null ? List.of() : p.nodeTaints(), p.provisioningState());
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** The body as the SDK sends it. */
    static String json(JsonSerializable<?> model) {
        try {
            return model.toJsonString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
