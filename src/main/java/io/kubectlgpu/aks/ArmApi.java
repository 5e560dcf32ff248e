package io.kubectlgpu.aks;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The Azure Resource Manager operations kubectl-gpu sends, with the api-versions they are sent with. The
 * api-versions are pinned (checked against Azure/azure-rest-api-specs) so that a dry run shows exactly what is
 * sent, and so that a property is only sent with a version that defines it.
 */
public final class ArmApi {
    /** Microsoft.Resources: resource groups and resource provider registration. */
    public static final String RESOURCES = "2025-04-01";
    /** Microsoft.ContainerService, stable: managedClusters, agentPools (gpuProfile.driver, gpuInstanceProfile). */
    public static final String CONTAINER_SERVICE = "2025-10-01";
    /** Microsoft.ContainerService, preview: the first version defining agentPool gpuProfile.nvidia.managementMode. */
    public static final String CONTAINER_SERVICE_PREVIEW = "2026-02-02-preview";
    /** Microsoft.Features: preview feature registration. */
    public static final String FEATURES = "2021-07-01";
    /** Microsoft.Compute resource SKUs. */
    public static final String COMPUTE_SKUS = "2021-07-01";

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

    /** A query parameter value, encoded for a URL (spaces as %20, as ARM's examples write them). */
    public static String query(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
