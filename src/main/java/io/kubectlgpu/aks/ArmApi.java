package io.kubectlgpu.aks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Azure Resource Manager resources kubectl-gpu works on, and the api-versions the management libraries send them
 * with (fixed in each library's service client; a dry run shows them with the URLs). Only the preview api-version is
 * kubectl-gpu's choice: the one request the libraries cannot express goes through the generic-resource API with it.
 */
public final class ArmApi {
    /** Microsoft.Resources (azure-resourcemanager-resources): resource groups and resource provider registration. */
    public static final String RESOURCES = "2025-04-01";
    /**
     * Microsoft.ContainerService, stable (azure-resourcemanager-containerservice 2.56.1): managedClusters, agentPools
     * (gpuProfile.driver, gpuInstanceProfile).
     */
    public static final String CONTAINER_SERVICE = "2025-09-01";
    /** Microsoft.ContainerService, preview: the first version defining agentPool gpuProfile.nvidia.managementMode. */
    public static final String CONTAINER_SERVICE_PREVIEW = "2026-02-02-preview";
    /** Microsoft.Features: preview feature registration. */
    public static final String FEATURES = "2021-07-01";
    /** Microsoft.Compute resource SKUs (azure-resourcemanager-compute 2.55.1). */
    public static final String COMPUTE_SKUS = "2021-07-01";
    /** Microsoft.Compute regional usages (azure-resourcemanager-compute 2.55.1). */
    public static final String COMPUTE_USAGES = "2025-04-01";

    private ArmApi() {
    }

    public static String subscription(String sub) {
        return "/subscriptions/" + sub;
    }

    public static String resourceGroup(String sub, String rg) {
        return subscription(sub) + "/resourcegroups/" + rg;
    }

    public static String managedCluster(String sub, String rg, String name) {
        return subscription(sub) + "/resourceGroups/" + rg + "/providers/Microsoft.ContainerService/managedClusters/" + name;
    }

    public static String agentPool(String sub, String rg, String cluster, String pool) {
        return managedCluster(sub, rg, cluster) + "/agentPools/" + pool;
    }

    public static String feature(String sub, String namespace, String name) {
        return subscription(sub) + "/providers/Microsoft.Features/providers/" + namespace + "/features/" + name;
    }

    public static String provider(String sub, String namespace) {
        return subscription(sub) + "/providers/" + namespace;
    }

    public static String skus(String sub) {
        return subscription(sub) + "/providers/Microsoft.Compute/skus";
    }

    public static String usages(String sub, String location) {
        return subscription(sub) + "/providers/Microsoft.Compute/locations/" + location + "/usages";
    }

    /** A query parameter value, encoded for a URL (spaces as %20, as ARM's examples write them). */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
