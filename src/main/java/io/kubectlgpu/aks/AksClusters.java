package io.kubectlgpu.aks;

import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.ManagedClusterInner;
import com.azure.resourcemanager.resources.fluent.ResourceGroupsClient;
import com.azure.resourcemanager.resources.fluent.ResourcesClient;
import com.azure.resourcemanager.resources.fluent.models.GenericResourceInner;
import com.azure.resourcemanager.resources.fluent.models.ResourceGroupInner;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** aks create: the resource group when missing, then a managed cluster with a CPU system pool and a GPU pool. */
public final class AksClusters {
    public static final String DEFAULT_SYSTEM_VM_SIZE = "Standard_D2s_v5";
    private static final Pattern VM_SIZE = Pattern.compile("(?i)^standard_[a-z0-9_]+$");
    private static final Pattern K8S_VERSION = Pattern.compile("^\\d+\\.\\d+(\\.\\d+)?$");

    private AksClusters() {
    }

    /**
     * @param location       canonical region, or null to use the resource group's
     * @param systemPoolName name of the CPU system pool; unused with gpuOnly
     */
    public record CreateSpec(String resourceGroup, String name, String location, String kubernetesVersion,
            String systemPoolName, String systemVmSize, int systemCount, GpuPoolSpec gpuPool, Map<String, String> headers) {

        public boolean gpuOnly() {
            return gpuPool.system();
        }
    }

    public static CreateSpec spec(String resourceGroup, String name, String location, String kubernetesVersion,
            String systemVmSize, int systemCount, GpuPoolSpec gpuPool, Map<String, String> headers) {
        AksNames.resourceGroup(resourceGroup);
        AksNames.cluster(name);
        String loc = location == null ? null : AksNames.location(location);
        if (kubernetesVersion != null && !K8S_VERSION.matcher(kubernetesVersion).matches()) {
            throw GpuException.usage("--kubernetes-version '" + kubernetesVersion + "' is not MAJOR.MINOR[.PATCH]",
                    "e.g. 1.33; list them with 'az aks get-versions -l REGION'");
        }
        if (!gpuPool.system()) {
            if (!VM_SIZE.matcher(systemVmSize).matches()) {
                throw GpuException.usage("--system-node-vm-size '" + systemVmSize + "' is not an Azure VM size name", null);
            }
            if (systemCount < 1 || systemCount > 1000) {
                throw GpuException.usage("--system-node-count " + systemCount + " is out of range", "use 1 to 1000");
            }
            if (gpuPool.name().equals("system")) {
                throw GpuException.usage("--gpu-pool-name system is taken by the CPU system pool", null);
            }
        }
        return new CreateSpec(resourceGroup, name, loc, kubernetesVersion, "system", systemVmSize, systemCount, gpuPool,
                Map.copyOf(new LinkedHashMap<>(headers)));
    }

    /** The requests aks create sends, in order; the resource group PUT only when the group does not exist. */
    public static List<PlannedRequest> plan(AzureSettings s, CreateSpec spec) {
        if (spec.location() == null) {
            throw GpuException.usage("a dry run needs -l LOCATION", "the resource group's region is not read in a dry run");
        }
        String sub = s.subscriptionOrPlaceholder();
        String rgId = ArmApi.resourceGroup(sub, spec.resourceGroup());
        String clusterId = ArmApi.managedCluster(sub, spec.resourceGroup(), spec.name());
        return List.of(new PlannedRequest("PUT", s.url(rgId, ArmApi.RESOURCES), Map.of(),
                        AksModels.json(AksModels.resourceGroup(spec.location())), null)
                        .withNote("sent only when resource group " + spec.resourceGroup() + " does not exist"),
                new PlannedRequest("PUT", s.url(clusterId, spec.gpuPool().apiVersion()), headers(spec.headers()),
                        clusterBody(spec, spec.location()), null));
    }

    /** @param needs the pools for the quota preflight, or null to skip it (--skip-quota-check) */
    public static AksClusterSummary create(AzureArm arm, CreateSpec spec, List<QuotaPreflight.Need> needs, boolean wait,
            Duration timeout) {
        AzureSettings s = arm.settings();
        Console console = arm.console();
        String sub = s.subscription();
        String rgId = ArmApi.resourceGroup(sub, spec.resourceGroup());
        ResourceGroupsClient groups = arm.resources().getResourceGroups();
        ResourceGroupInner rg = arm.getOrNull(() -> groups.get(spec.resourceGroup()),
                "Microsoft.Resources/subscriptions/resourceGroups/read", rgId);
        String location = spec.location();
        if (rg == null && location == null) {
            throw GpuException.usage("resource group " + spec.resourceGroup() + " does not exist",
                    "give -l LOCATION to create it (and the cluster) there");
        }
        if (rg != null) {
            if (location == null) {
                location = rg.location();
            }
            console.debug("resource group " + spec.resourceGroup() + " exists in " + rg.location());
        }
        String id = ArmApi.managedCluster(sub, spec.resourceGroup(), spec.name());
        ManagedClustersClient clusters = arm.containerService().getManagedClusters();
        if (rg != null) {
            ManagedClusterInner existing = arm.getOrNull(() -> clusters.getByResourceGroup(spec.resourceGroup(), spec.name()),
                    "Microsoft.ContainerService/managedClusters/read", id);
            if (existing != null) {
                throw GpuException.conditionFailed("managed cluster " + spec.name() + " already exists in resource group "
                        + spec.resourceGroup() + " (" + existing.location() + ", " + existing.provisioningState() + ")",
                        "add a GPU pool to it with 'kubectl gpu aks nodepool add --cluster " + spec.name() + " -g "
                                + spec.resourceGroup() + " --name gpu', or choose another -n");
            }
        }
        if (needs != null) {
            QuotaPreflight.check(arm, location, needs);
        }
        if (rg == null) {
            String l = location;
            arm.call(() -> groups.createOrUpdate(spec.resourceGroup(), AksModels.resourceGroup(l)),
                    "Microsoft.Resources/subscriptions/resourceGroups/write", rgId, null);
            console.info("resource group " + spec.resourceGroup() + " created in " + location);
        }
        String context = spec.gpuPool().context(location);
        ManagedClusterInner body = AksModels.cluster(spec, location);
        String what = "managed cluster " + spec.name();
        String action = "Microsoft.ContainerService/managedClusters/write";
        if (spec.gpuPool().managedGpu()) {
            GenericResourceInner generic = AksModels.managedGpu(body, spec.gpuPool().name());
            ResourcesClient resources = arm.resources().getResources();
            GenericResourceInner created = arm.createOrUpdate(() -> AzureArm.withHeaders(resources
                            .createOrUpdateByIdWithResponseAsync(id.substring(1), ArmApi.CONTAINER_SERVICE_PREVIEW, generic),
                            headers(spec.headers())),
                    GenericResourceInner.class, what, action, id, context, wait, timeout);
            // untyped properties: written back whole, read-only fields and gpuProfile.nvidia included
            return AksClusterSummary.of(spec.resourceGroup(), Json.parse(AksModels.json(created == null ? generic : created)));
        } else {
            ManagedClusterInner created = arm.createOrUpdate(() -> AzureArm.withHeaders(clusters
                            .createOrUpdateWithResponseAsync(spec.resourceGroup(), spec.name(), body, null, "*"), spec.headers()),
                    ManagedClusterInner.class, what, action, id, context, wait, timeout);
            return AksModels.summary(spec.resourceGroup(), created == null ? body : created);
        }
    }

    /** If-None-Match: * (create, never update) and the custom headers. */
    static Map<String, String> headers(Map<String, String> custom) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("If-None-Match", "*");
        headers.putAll(custom);
        return headers;
    }

    static String clusterBody(CreateSpec spec, String location) {
        ManagedClusterInner body = AksModels.cluster(spec, location);
        return AksModels.json(spec.gpuPool().managedGpu() ? AksModels.managedGpu(body, spec.gpuPool().name()) : body);
    }

    /** Like the Azure CLI's: from the cluster and group names, 1-54 letters, digits and dashes. */
    static String dnsPrefix(String name, String rg) {
        String n = name.replaceAll("[^A-Za-z0-9]", "");
        String g = rg.replaceAll("[^A-Za-z0-9]", "");
        String prefix = (n.isEmpty() ? "aks" : n.substring(0, Math.min(n.length(), 30)))
                + (g.isEmpty() ? "" : "-" + g.substring(0, Math.min(g.length(), 20)));
        if (!Character.isLetterOrDigit(prefix.charAt(0))) {
            prefix = "a" + prefix;
        }
        return prefix.toLowerCase(Locale.ROOT);
    }
}
