package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.fabric8.kubernetes.api.model.StatusDetails;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;

/** Turns what the Kubernetes client throws into one line the user can act on, with the right exit code. */
public final class ApiErrors {
    /** A qualified exception class name and its colon, as the JDK puts them into messages. */
    private static final Pattern EXCEPTION_NAME = Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error):?\\s*");

    private ApiErrors() {
    }

    /** @return a GpuException for a known failure, or null when the cause is not a cluster problem. */
    public static GpuException translate(Throwable t, String server, String context) {
        KubernetesClientException kce = find(t, KubernetesClientException.class);
        String where = server == null ? "the cluster" : server + (context == null ? "" : " (context " + context + ")");
        if (kce != null && kce.getCode() == 401) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "the API server at " + where + " refused the credentials (401 Unauthorized)",
                    "renew them, e.g. 'kubectl gpu aks get-credentials', or pick another --context", t);
        }
        if (kce != null && kce.getCode() == 403) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN, "forbidden: " + shorten(statusMessage(kce)),
                    "ask a cluster admin for that permission, or use a context that has it", t);
        }
        Throwable network = firstOf(t, ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
                SSLException.class, TimeoutException.class, java.net.SocketTimeoutException.class,
                java.net.http.HttpTimeoutException.class);
        // no status and an I/O failure: the connection, unless it is an answer that could not be read (Jackson's
        // exceptions are IOExceptions too), which is no network problem and must not be reported as one
        IOException io = find(t, IOException.class);
        if (network == null && kce != null && kce.getCode() <= 0 && io != null
                && find(t, com.fasterxml.jackson.core.JacksonException.class) == null) {
            network = io;
        }
        if (network != null) {
            String why = network instanceof ConnectException ? "connection refused"
                    : network instanceof UnknownHostException ? "unknown host " + network.getMessage()
                    : network instanceof SSLException ? "TLS failed: " + tlsReason(network)
                    : network instanceof TimeoutException || network instanceof java.net.SocketTimeoutException
                            || network instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : network.getMessage();
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN, "cannot reach the API server at " + where + ": " + why,
                    "check that the cluster runs and that --kubeconfig/--context point at it", t);
        }
        if (kce != null && (kce.getCode() == 429 || kce.getCode() >= 500)) {
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "the API server at " + where + " answered " + kce.getCode() + " (" + (kce.getCode() == 429 ? "too many requests"
                            : "server error") + "): " + shorten(statusMessage(kce)),
                    "the cluster is overloaded or unwell; try again later, or check it with 'kubectl get --raw /readyz'", t);
        }
        if (kce != null && kce.getCode() >= 400) {
            return rejected(kce, t);
        }
        return null;
    }

    /**
     * A request the API server refused because of what it asked for (404, 409, 422, 400...): the user's input or
     * the cluster's state, never a bug. One line that names the field, and which flag sets it.
     */
    private static GpuException rejected(KubernetesClientException kce, Throwable t) {
        Status status = kce.getStatus();
        StatusDetails details = status == null ? null : status.getDetails();
        String kind = details == null || details.getKind() == null ? "object" : singular(details.getKind());
        String name = details == null || details.getName() == null ? "" : " \"" + details.getName() + "\"";
        int code = kce.getCode();
        if (code == 404) {
            String message = statusMessage(kce);
            if ("namespaces".equals(details == null ? null : details.getKind()) || message.startsWith("namespaces ")) {
                return new GpuException(ExitCode.USAGE, "namespace" + name + " does not exist",
                        "pick an existing namespace with -n (kubectl get namespaces), or create it: kubectl create namespace"
                                + name.replace("\"", ""), t);
            }
            return new GpuException(ExitCode.USAGE, kind + name + " not found: " + shorten(message),
                    "check the name and -n/--namespace", t);
        }
        if (code == 409) {
            return new GpuException(ExitCode.CONDITION_FAILED, kind + name + " already exists",
                    "pick another name (--name), or delete the existing one first", t);
        }
        StatusCause cause = details == null || details.getCauses() == null ? null
                : details.getCauses().stream().filter(c -> c.getField() != null).findFirst().orElse(null);
        if (cause != null) {
            String flag = flagFor(cause.getField());
            return new GpuException(ExitCode.USAGE, "the API server rejected " + kind + name + ": " + cause.getField() + ": "
                    + shorten(cause.getMessage()),
                    (flag == null ? "fix the value that sets " + cause.getField() : "fix " + flag)
                            + "; '--dry-run=server' checks a change without making it", t);
        }
        return new GpuException(ExitCode.USAGE, "the API server rejected the request (" + code + "): " + shorten(statusMessage(kce)),
                "check the flags and values given; '--dry-run=server' checks a change without making it", t);
    }

    /** Which flag of kubectl-gpu sets a field the API server names. */
    private static String flagFor(String field) {
        String f = field.replaceAll("\\[\\d+]", "[]");
        if (f.startsWith("metadata.labels") || f.startsWith("spec.template.metadata.labels")) {
            return "--label (keys: up to 63 letters, digits, '-', '_', '.', with an optional DNS prefix; values: up to 63 of the same)";
        }
        if (f.startsWith("metadata.namespace")) {
            return "-n/--namespace (a DNS label: lower-case letters, digits and '-', at most 63)";
        }
        if (f.startsWith("metadata.name")) {
            return "--name (lower-case letters, digits and '-', at most 63)";
        }
        if (f.endsWith(".image")) {
            return "--image";
        }
        if (f.contains("nodeSelector") || f.contains("nodeAffinity")) {
            return "--node-selector";
        }
        if (f.contains(".env")) {
            return "--env";
        }
        if (f.contains("tolerations")) {
            return "--toleration";
        }
        if (f.contains("backoffLimit")) {
            return "--backoff-limit";
        }
        if (f.contains("resources")) {
            return "--gpus";
        }
        return null;
    }

    private static String singular(String kind) {
        return kind.endsWith("ses") ? kind.substring(0, kind.length() - 2) : kind.endsWith("s") ? kind.substring(0, kind.length() - 1) : kind;
    }

    /** The API server's messages can run to hundreds of characters (every value it rejected): keep one readable line. */
    static String shorten(String message) {
        if (message == null) {
            return "no message";
        }
        String line = message.lines().findFirst().orElse(message).strip();
        return line.length() <= 160 ? line : line.substring(0, 157) + "...";
    }

    /** The API server's own message, e.g. 'daemonsets.apps is forbidden: User "x" cannot create resource ...'. */
    public static String statusMessage(KubernetesClientException e) {
        Status status = e.getStatus();
        if (status != null && status.getMessage() != null && !status.getMessage().isBlank()) {
            return status.getMessage();
        }
        String m = e.getMessage();
        return m == null ? "no message" : m.lines().findFirst().orElse(m);
    }

    public static boolean isNotFound(Throwable t) {
        KubernetesClientException e = find(t, KubernetesClientException.class);
        return e != null && e.getCode() == 404;
    }

    /**
     * Why a TLS handshake failed, in words: the JDK's messages carry class names
     * ("PKIX path building failed: sun.security.provider.certpath.SunCertPathBuilderException: ...").
     */
    static String tlsReason(Throwable ssl) {
        if (find(ssl, CertPathBuilderException.class) != null || find(ssl, CertPathValidatorException.class) != null) {
            return "the server's certificate is not signed by a certificate authority the kubeconfig trusts";
        }
        String message = ssl.getMessage() == null ? "handshake failed" : ssl.getMessage();
        return EXCEPTION_NAME.matcher(message).replaceAll("").trim();
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    @SafeVarargs
    private static Throwable firstOf(Throwable t, Class<? extends Throwable>... types) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (Class<? extends Throwable> type : types) {
                if (type.isInstance(c)) {
                    return c;
                }
            }
        }
        return null;
    }
}
