package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.core.GpuException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/** aks get-credentials: the cluster's kubeconfig from listClusterUserCredential (or the admin one). */
public final class AksCredentials {
    private AksCredentials() {
    }

    /**
     * @param format null (the server's default), "exec" (Entra ID clusters: kubelogin exec plugin) or "azure"
     */
    public static ArmRequest request(AzureSettings s, String resourceGroup, String cluster, boolean admin, String format) {
        AksNames.resourceGroup(resourceGroup);
        AksNames.cluster(cluster);
        String f = null;
        if (format != null) {
            f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("exec") && !f.equals("azure")) {
                throw GpuException.usage("--format '" + format + "' is not exec or azure", null);
            }
            if (admin) {
                throw GpuException.usage("--format applies to user credentials, not to --admin", null);
            }
        }
        String id = ArmApi.managedCluster(s.subscriptionOrPlaceholder(), resourceGroup, cluster);
        String op = admin ? "listClusterAdminCredential" : "listClusterUserCredential";
        String url = s.url(id + "/" + op, ArmApi.CONTAINER_SERVICE) + (f == null ? "" : "&format=" + f);
        return new ArmRequest("POST", url, Map.of(), null, "Microsoft.ContainerService/managedClusters/" + op + "/action",
                id, null);
    }

    /** The kubeconfig YAML; it holds credentials and is never printed. */
    public static String fetch(ArmClient arm, ArmRequest request, String cluster) {
        ArmResponse response = arm.send(request);
        if (response.status() == 404) {
            throw GpuException.conditionFailed("managed cluster " + cluster + " not found (" + ArmErrors.ArmError.of(response.body(), 404).code() + ")",
                    "check -g and -n, and --subscription");
        }
        if (!response.ok()) {
            throw ArmErrors.fromResponse(request, response, null);
        }
        JsonNode configs = Json.at(response.body(), "kubeconfigs");
        if (configs == null || !configs.isArray() || configs.isEmpty() || Json.text(configs.get(0), "value") == null) {
            throw GpuException.conditionFailed("Azure returned no kubeconfig for " + cluster, null);
        }
        try {
            return new String(Base64.getDecoder().decode(Json.text(configs.get(0), "value")), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw GpuException.conditionFailed("Azure returned a kubeconfig that is not base64", null);
        }
    }
}
