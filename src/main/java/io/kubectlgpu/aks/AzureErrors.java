package io.kubectlgpu.aks;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.identity.CredentialUnavailableException;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * Turns what the Azure SDK throws (ManagementException with ARM's ManagementError, credential and network failures)
 * or what a long-running operation ends with into one line the user can act on, with the CLI's exit codes.
 */
public final class AzureErrors {
    private static final Set<String> CAPACITY_CODES = Set.of("skunotavailable", "allocationfailed", "zonalallocationfailed",
            "overconstrainedallocationrequest", "overconstrainedzonalallocationrequest", "vmsizenotsupported",
            "notavailableforsubscription", "capacitynotavailable");

    private AzureErrors() {
    }

    /** ARM's error code and message: ManagementError, or {"error":{"code","message"}} of a body. */
    public record ArmError(String code, String message) {
        static ArmError of(ManagementError e, int status) {
            String code = e == null ? null : e.getCode();
            String message = e == null ? null : e.getMessage();
            return new ArmError(code == null ? "HTTP" + status : code, message == null ? "no message" : message);
        }

        static ArmError of(JsonNode body, int status) {
            JsonNode e = body == null ? null : body.has("error") ? body.get("error") : body;
            String code = e == null ? null : Json.text(e, "code");
            String message = e == null ? null : Json.text(e, "message");
            return new ArmError(code == null ? "HTTP" + status : code, message == null ? "no message" : message);
        }
    }

    /** The HTTP status of an error answer of ARM, or 0 when it is not one. */
    public static int status(Throwable t) {
        HttpResponseException e = find(t, HttpResponseException.class);
        return e == null || e.getResponse() == null ? 0 : e.getResponse().getStatusCode();
    }

    /** ARM's code of an error answer, or "HTTP" + status. */
    public static String code(Throwable t) {
        HttpResponseException e = find(t, HttpResponseException.class);
        return e instanceof ManagementException m ? ArmError.of(m.getValue(), status(t)).code() : "HTTP" + status(t);
    }

    /**
     * @param action  the RBAC action of the request, for 403 messages
     * @param scope   the resource ID it is checked on, for 403 messages
     * @param context size and region, e.g. "size Standard_NC4as_T4_v3 x1 in westeurope", for quota and capacity
     *                messages; may be null
     */
    public static GpuException from(RuntimeException t, String action, String scope, String context, AzureSettings settings) {
        HttpResponseException http = find(t, HttpResponseException.class);
        if (http == null || http.getResponse() == null) {
            return transport(t, settings);
        }
        int status = http.getResponse().getStatusCode();
        ArmError e = http instanceof ManagementException m ? ArmError.of(m.getValue(), status)
                : ArmError.of(Json.parse(String.valueOf(http.getValue())), status);
        String requestId = http.getResponse().getHeaderValue("x-ms-correlation-request-id");
        if (status == 401) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "Azure Resource Manager refused the credentials (401 " + e.code() + "): " + firstLine(e.message()),
                    "sign in again ('az login', or check AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET) "
                            + "and check that the subscription belongs to that tenant", t);
        }
        if (status == 403) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "forbidden: the signed-in identity may not perform '" + action + "' on scope '" + scope + "' (403 "
                            + e.code() + ")",
                    "ask for a role assignment that grants " + action + " on that scope, e.g. " + roleFor(action), t);
        }
        if (isQuotaOrCapacity(e)) {
            return quotaOrCapacity(e, context);
        }
        if (status == 409 || status == 412 || "Conflict".equalsIgnoreCase(e.code())) {
            return GpuException.conditionFailed("conflict: " + firstLine(e.message()) + " (" + status + " " + e.code() + ")",
                    null);
        }
        if (status == 404) {
            return GpuException.conditionFailed("not found: " + firstLine(e.message()) + " (" + e.code() + ")", null);
        }
        if (status == 429) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "Azure kept throttling the requests (429 " + e.code() + ") after several retries",
                    "wait a few minutes and run the command again", t);
        }
        if (status >= 500) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "Azure Resource Manager failed (" + status + " " + e.code() + "): " + firstLine(e.message()),
                    "a transient Azure failure; run the command again later"
                            + (requestId == null ? "" : " (correlation id " + requestId + ")"), t);
        }
        return GpuException.conditionFailed("Azure rejected " + http.getResponse().getRequest().getHttpMethod() + " "
                + pathOf(http.getResponse().getRequest().getUrl().toString()) + " (" + status + " " + e.code() + "): "
                + firstLine(e.message()), null);
    }

    /** A long-running operation that ended Failed or Canceled: the error of ARM's operation status, if any. */
    public static GpuException operationFailed(PollResult.Error error, String what, String status, String context) {
        JsonNode body = error == null ? null : Json.parse(error.getResponseBody());
        ArmError e = ArmError.of(body == null ? null : body.has("error") ? body
                : Json.at(body, "properties", "status", "provisioningError") != null
                        ? Json.at(body, "properties", "status", "provisioningError") : body, 0);
        if (e.code().equals("HTTP0") && error != null && error.getMessage() != null) {
            e = new ArmError(status, error.getMessage());
        }
        if (isQuotaOrCapacity(e)) {
            return quotaOrCapacity(e, context);
        }
        return GpuException.conditionFailed(what + " ended " + status + ": " + e.code() + ": " + firstLine(e.message()),
                "what was created so far stays in Azure; fix the cause and delete or retry it");
    }

    static boolean isQuotaOrCapacity(ArmError e) {
        String code = e.code().toLowerCase(Locale.ROOT);
        return code.contains("quota") || CAPACITY_CODES.contains(code)
                || ("operationnotallowed".equals(code) && e.message().toLowerCase(Locale.ROOT).contains("quota"));
    }

    private static GpuException quotaOrCapacity(ArmError e, String context) {
        boolean quota = e.code().toLowerCase(Locale.ROOT).contains("quota") || e.message().toLowerCase(Locale.ROOT).contains("quota");
        return GpuException.conditionFailed(
                (quota ? "not enough quota" : "no capacity") + (context == null ? "" : " for " + context) + ": "
                        + e.code() + ": " + firstLine(e.message()),
                quota ? "request more vCPU quota for that VM family in that region (Azure portal: Quotas), "
                        + "or choose another --node-vm-size or region ('kubectl gpu aks sizes -l REGION')"
                        : "try another region or --node-vm-size ('kubectl gpu aks sizes -l REGION' lists what is offered), "
                        + "or retry later");
    }

    /** Failures to send at all: no credential, sign-in refused, network. */
    public static GpuException transport(Throwable t, AzureSettings settings) {
        CredentialUnavailableException unavailable = find(t, CredentialUnavailableException.class);
        if (unavailable != null) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "no Azure credential found (tried: " + tried(AzureSettings.setting("AZURE_TOKEN_CREDENTIALS")) + ")",
                    "log in with 'az login' (then 'az account set -s SUBSCRIPTION'), or set AZURE_TENANT_ID, "
                            + "AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal", t);
        }
        ClientAuthenticationException auth = find(t, ClientAuthenticationException.class);
        if (auth != null) {
            boolean managedIdentity = String.valueOf(auth.getMessage()).contains("ManagedIdentityCredential");
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "Azure sign-in failed: " + firstLine(auth.getMessage()),
                    managedIdentity
                            ? "not on an Azure VM or pod with a managed identity? Set AZURE_TOKEN_CREDENTIALS=dev to sign in "
                                    + "with your 'az login' instead"
                            : "check the credential (run 'az login' again, or check AZURE_TENANT_ID/AZURE_CLIENT_ID/"
                                    + "AZURE_CLIENT_SECRET)", t);
        }
        Throwable network = firstOf(t, ConnectException.class, UnknownHostException.class, SSLException.class,
                TimeoutException.class, java.net.SocketTimeoutException.class);
        if (network == null) {
            network = find(t, java.io.IOException.class);
        }
        if (network != null) {
            String why = network instanceof ConnectException ? "connection refused"
                    : network instanceof UnknownHostException ? "unknown host " + network.getMessage()
                    : network instanceof SSLException ? "TLS failed: " + firstLine(network.getMessage())
                    : network instanceof TimeoutException || network instanceof java.net.SocketTimeoutException ? "timed out"
                    : firstLine(network.getMessage());
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "cannot reach Azure Resource Manager at " + settings.armEndpoint() + ": " + why,
                    "check the network connection and proxy settings (HTTPS_PROXY)", t);
        }
        return new GpuException(ExitCode.INTERNAL, "calling Azure failed: " + t, "run again with -v and report it", t);
    }

    /** What DefaultAzureCredential tries, by AZURE_TOKEN_CREDENTIALS (unset: everything, in this order). */
    static String tried(String tokenCredentials) {
        String prod = "environment variables, workload identity, managed identity";
        String dev = "IntelliJ, VS Code, Azure CLI, Azure PowerShell, Azure Developer CLI";
        if (tokenCredentials == null || tokenCredentials.isBlank()) {
            return prod + ", " + dev;
        }
        return switch (tokenCredentials.trim().toLowerCase(Locale.ROOT)) {
            case "prod" -> prod;
            case "dev" -> dev;
            default -> tokenCredentials.trim();
        };
    }

    private static String roleFor(String action) {
        String a = action.toLowerCase(Locale.ROOT);
        if (a.contains("listclusterusercredential")) {
            return "'Azure Kubernetes Service Cluster User Role' on the cluster";
        }
        if (a.contains("listclusteradmincredential")) {
            return "'Azure Kubernetes Service Cluster Admin Role' on the cluster";
        }
        if (a.startsWith("microsoft.containerservice/")) {
            return "'Azure Kubernetes Service Contributor Role' or 'Contributor' on the resource group";
        }
        if (a.endsWith("/read")) {
            return "'Reader' on the subscription";
        }
        return "'Contributor' on that scope";
    }

    private static String pathOf(String url) {
        int q = url.indexOf('?');
        String s = q < 0 ? url : url.substring(0, q);
        int p = s.indexOf("/subscriptions/");
        return p < 0 ? s : s.substring(p);
    }

    public static String firstLine(String s) {
        return Text.firstLine(s);
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
            for (Throwable s : c.getSuppressed()) {
                if (type.isInstance(s)) {
                    return type.cast(s);
                }
            }
        }
        return null;
    }

    @SafeVarargs
    private static Throwable firstOf(Throwable t, Class<? extends Throwable>... types) {
        for (Class<? extends Throwable> type : types) {
            Throwable f = find(t, type);
            if (f != null) {
                return f;
            }
        }
        return null;
    }
}
