package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
    public static List<ArmRequest> plan(AzureSettings s, CreateSpec spec) {
        if (spec.location() == null) {
            throw GpuException.usage("a dry run needs -l LOCATION", "the resource group's region is not read in a dry run");
        }
        String sub = s.subscriptionOrPlaceholder();
        return List.of(resourceGroupPut(s, sub, spec.resourceGroup(), spec.location())
                        .withNote("sent only when resource group " + spec.resourceGroup() + " does not exist"),
                clusterPut(s, sub, spec, spec.location()));
    }

    public static AksClusterSummary create(ArmClient arm, CreateSpec spec, boolean wait, Duration timeout) {
        AzureSettings s = arm.settings();
        Console console = arm.console();
        String sub = s.subscription();
        String rgId = ArmApi.resourceGroup(sub, spec.resourceGroup());
        ArmRequest rgGet = ArmRequest.get(s.url(rgId, ArmApi.RESOURCES), "Microsoft.Resources/subscriptions/resourceGroups/read", rgId);
        ArmResponse rg = arm.send(rgGet);
        String location = spec.location();
        if (rg.status() == 404) {
            if (location == null) {
                throw GpuException.usage("resource group " + spec.resourceGroup() + " does not exist",
                        "give -l LOCATION to create it (and the cluster) there");
            }
            ArmRequest put = resourceGroupPut(s, sub, spec.resourceGroup(), location);
            arm.call(put, null);
            console.info("resource group " + spec.resourceGroup() + " created in " + location);
        } else if (rg.ok()) {
            String rgLocation = Json.text(rg.body(), "location");
            if (location == null) {
                location = rgLocation;
            }
            console.debug("resource group " + spec.resourceGroup() + " exists in " + rgLocation);
        } else {
            throw ArmErrors.fromResponse(rgGet, rg, null);
        }
        ArmRequest put = clusterPut(s, sub, spec, location);
        ArmRequest get = ArmRequest.get(put.url(), "Microsoft.ContainerService/managedClusters/read", put.scope());
        ArmResponse existing = arm.send(get);
        if (existing.ok()) {
            throw GpuException.conditionFailed("managed cluster " + spec.name() + " already exists in resource group "
                    + spec.resourceGroup() + " (" + Json.text(existing.body(), "location") + ", "
                    + Json.text(existing.body(), "properties", "provisioningState") + ")",
                    "add a GPU pool to it with 'kubectl gpu aks nodepool add --cluster " + spec.name() + " -g "
                            + spec.resourceGroup() + " --name gpu', or choose another -n");
        }
        if (existing.status() != 404) {
            throw ArmErrors.fromResponse(get, existing, null);
        }
        String context = spec.gpuPool().context(location);
        ArmResponse created = arm.call(put, context);
        String what = "managed cluster " + spec.name();
        if (!wait) {
            console.info(what + ": " + ArmOperations.provisioningState(created.body(), "Accepted")
                    + "; not waiting (--no-wait): provisioning continues in Azure");
            return AksClusterSummary.of(spec.resourceGroup(), created.body() == null ? put.body() : created.body());
        }
        JsonNode cluster = ArmOperations.await(arm, put, created, what, context, timeout);
        return AksClusterSummary.of(spec.resourceGroup(), cluster);
    }

    static ArmRequest resourceGroupPut(AzureSettings s, String sub, String rg, String location) {
        String id = ArmApi.resourceGroup(sub, rg);
        ObjectNode body = Json.object();
        body.put("location", location);
        return new ArmRequest("PUT", s.url(id, ArmApi.RESOURCES), Map.of(), body,
                "Microsoft.Resources/subscriptions/resourceGroups/write", id, null);
    }

    static ArmRequest clusterPut(AzureSettings s, String sub, CreateSpec spec, String location) {
        String id = ArmApi.managedCluster(sub, spec.resourceGroup(), spec.name());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("If-None-Match", "*");
        headers.putAll(spec.headers());
        return new ArmRequest("PUT", s.url(id, spec.gpuPool().apiVersion()), headers, clusterBody(spec, location),
                "Microsoft.ContainerService/managedClusters/write", id, null);
    }

    static ObjectNode clusterBody(CreateSpec spec, String location) {
        ObjectNode body = Json.object();
        body.put("location", location);
        body.putObject("identity").put("type", "SystemAssigned");
        ObjectNode props = body.putObject("properties");
        if (spec.kubernetesVersion() != null) {
            props.put("kubernetesVersion", spec.kubernetesVersion());
        }
        props.put("dnsPrefix", dnsPrefix(spec.name(), spec.resourceGroup()));
        props.put("enableRBAC", true);
        ArrayNode pools = props.putArray("agentPoolProfiles");
        if (!spec.gpuOnly()) {
            ObjectNode system = pools.addObject();
            system.put("name", spec.systemPoolName());
            system.put("mode", "System");
            system.put("vmSize", spec.systemVmSize());
            system.put("count", spec.systemCount());
            system.put("osType", "Linux");
            system.put("type", "VirtualMachineScaleSets");
        }
        pools.add(spec.gpuPool().properties(true));
        return body;
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
