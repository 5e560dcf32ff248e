package io.kubectlgpu.aks;

import com.azure.core.util.Context;
import com.azure.resourcemanager.containerservice.fluent.ManagedClustersClient;
import com.azure.resourcemanager.containerservice.fluent.models.CredentialResultsInner;
import com.azure.resourcemanager.containerservice.models.Format;
import io.kubectlgpu.core.GpuException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** aks get-credentials: the cluster's kubeconfig from listClusterUserCredential (or the admin one). */
public final class AksCredentials {
    private AksCredentials() {
    }

    /**
     * What to ask for, checked before anything is sent.
     *
     * @param format null (the server's default), "exec" (Entra ID clusters: kubelogin exec plugin) or "azure"
     */
    public record Request(String resourceGroup, String cluster, boolean admin, String format) {
        String operation() {
            return admin ? "listClusterAdminCredential" : "listClusterUserCredential";
        }

        String action() {
            return "Microsoft.ContainerService/managedClusters/" + operation() + "/action";
        }

        public PlannedRequest planned(AzureSettings s) {
            String id = ArmApi.managedCluster(s.subscriptionOrPlaceholder(), resourceGroup, cluster);
            return new PlannedRequest("POST", s.url(id + "/" + operation(), ArmApi.CONTAINER_SERVICE)
                    + (format == null ? "" : "&format=" + format), Map.of(), null, null);
        }
    }

    public static Request request(String resourceGroup, String cluster, boolean admin, String format) {
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
        return new Request(resourceGroup, cluster, admin, f);
    }

    /** The kubeconfig YAML; it holds credentials and is never printed. */
    public static String fetch(AzureArm arm, Request request) {
        ManagedClustersClient clusters = arm.containerService().getManagedClusters();
        String id = ArmApi.managedCluster(arm.settings().subscription(), request.resourceGroup(), request.cluster());
        CredentialResultsInner result;
        try {
            result = request.admin()
                    ? clusters.listClusterAdminCredentialsWithResponse(request.resourceGroup(), request.cluster(), null,
                            Context.NONE).getValue()
                    : clusters.listClusterUserCredentialsWithResponse(request.resourceGroup(), request.cluster(), null,
                            request.format() == null ? null : Format.fromString(request.format()), Context.NONE).getValue();
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                throw GpuException.conditionFailed("managed cluster " + request.cluster() + " not found ("
                        + AzureErrors.code(e) + ")", "check -g and -n, and --subscription");
            }
            throw AzureErrors.from(e, request.action(), id, null, arm.settings());
        }
        if (result == null || result.kubeconfigs() == null || result.kubeconfigs().isEmpty()
                || result.kubeconfigs().get(0).value() == null) {
            throw GpuException.conditionFailed("Azure returned no kubeconfig for " + request.cluster(), null);
        }
        return new String(result.kubeconfigs().get(0).value(), StandardCharsets.UTF_8); // base64 decoded by the SDK
    }
}
