package io.kubectlgpu.aks;

import io.kubectlgpu.core.GpuException;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Where and as whom an aks command talks to Azure, resolved once per invocation before anything is sent.
 *
 * @param armEndpoint   Resource Manager endpoint without trailing slash (default https://management.azure.com)
 * @param authorityHost Entra ID authority host (AZURE_AUTHORITY_HOST), or null for the credential's default
 * @param customCloud   true when an endpoint was overridden: instance discovery is then skipped, as for Azure Stack
 * @param subscription  subscription ID, or null when none could be resolved (allowed only for dry runs)
 * @param subscriptionSource where the subscription came from, for messages
 * @param pollInterval  how often to poll when ARM gives no Retry-After
 */
public record AzureSettings(String armEndpoint, String authorityHost, boolean customCloud, String subscription,
        String subscriptionSource, Duration pollInterval) {

    public static final String DEFAULT_ARM_ENDPOINT = "https://management.azure.com";
    /** Points the ARM calls elsewhere (sovereign or private clouds, tests); also --arm-endpoint. */
    public static final String ARM_ENDPOINT_VARIABLE = "KUBECTL_GPU_ARM_ENDPOINT";

    /** Shown in dry runs when no subscription could be resolved. */
    public static final String SUBSCRIPTION_PLACEHOLDER = "{subscriptionId}";

    /**
     * @param armEndpointFlag --arm-endpoint or null
     * @param subscriptionFlag --subscription or null
     * @param env             lookup of settings: system properties first, then the environment (as the Azure SDK reads them)
     * @param dryRun          a dry run may go on without a subscription
     */
    public static AzureSettings resolve(String armEndpointFlag, String subscriptionFlag, UnaryOperator<String> env,
            boolean dryRun, Duration pollInterval) {
        String endpoint = armEndpointFlag != null ? armEndpointFlag : env.apply(ARM_ENDPOINT_VARIABLE);
        boolean custom = endpoint != null && !endpoint.isBlank();
        endpoint = custom ? endpoint.trim() : DEFAULT_ARM_ENDPOINT;
        URI uri;
        try {
            uri = URI.create(endpoint);
        } catch (IllegalArgumentException e) {
            throw GpuException.usage("Resource Manager endpoint '" + endpoint + "' is not a URL", null);
        }
        if (!"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw GpuException.usage("Resource Manager endpoint '" + endpoint + "' must be an https URL",
                    "Azure only sends access tokens over https; check --arm-endpoint or " + ARM_ENDPOINT_VARIABLE);
        }
        while (endpoint.endsWith("/")) {
            endpoint = endpoint.substring(0, endpoint.length() - 1);
        }
        String authority = env.apply("AZURE_AUTHORITY_HOST");
        boolean customAuthority = authority != null && !authority.isBlank()
                && !authority.toLowerCase(Locale.ROOT).startsWith("https://login.microsoftonline.");
        Subscriptions.Resolved sub = Subscriptions.resolve(subscriptionFlag, env, dryRun);
        return new AzureSettings(endpoint, authority == null || authority.isBlank() ? null : authority.trim(),
                custom || customAuthority, sub == null ? null : sub.id(), sub == null ? null : sub.source(), pollInterval);
    }

    /** The subscription for URLs: the resolved one, or a placeholder in dry runs. */
    public String subscriptionOrPlaceholder() {
        return subscription != null ? subscription : SUBSCRIPTION_PLACEHOLDER;
    }

    public String url(String path, String apiVersion) {
        return armEndpoint + path + (path.contains("?") ? "&" : "?") + "api-version=" + apiVersion;
    }

    /** The OAuth scope of the Resource Manager audience. */
    public String scope() {
        return armEndpoint + "/.default";
    }

    /** System properties first, then environment variables: the order the Azure SDK reads its settings in. */
    public static String setting(String name) {
        String v = System.getProperty(name);
        return v != null ? v : System.getenv(name);
    }
}
