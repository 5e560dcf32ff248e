package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** Turns what the Kubernetes client throws into one line the user can act on, with the right exit code. */
public final class ApiErrors {
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
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN, "forbidden: " + statusMessage(kce),
                    "ask a cluster admin for that permission, or use a context that has it", t);
        }
        Throwable network = firstOf(t, ConnectException.class, UnknownHostException.class, NoRouteToHostException.class,
                SSLException.class, TimeoutException.class, java.net.SocketTimeoutException.class,
                java.net.http.HttpTimeoutException.class);
        if (network == null && kce != null && kce.getCode() == 0 && find(t, IOException.class) != null) {
            network = find(t, IOException.class);
        }
        if (network != null) {
            String why = network instanceof ConnectException ? "connection refused"
                    : network instanceof UnknownHostException ? "unknown host " + network.getMessage()
                    : network instanceof SSLException ? "TLS failed: " + network.getMessage()
                    : network instanceof TimeoutException || network instanceof java.net.SocketTimeoutException
                            || network instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : network.getMessage();
            return new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN, "cannot reach the API server at " + where + ": " + why,
                    "check that the cluster runs and that --kubeconfig/--context point at it", t);
        }
        if (kce != null && kce.getCode() >= 400) {
            return new GpuException(kce.getCode() >= 500 ? ExitCode.UNREACHABLE_OR_FORBIDDEN : ExitCode.INTERNAL,
                    "the API server answered " + kce.getCode() + ": " + statusMessage(kce), null, t);
        }
        return null;
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
