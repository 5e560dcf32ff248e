package io.kubectlgpu.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The one Kubernetes client of an invocation, built from kubectl's flags. Created only by commands
 * that need the cluster, closed when the command ends.
 */
public final class Cluster implements AutoCloseable {
    private final KubernetesClient client;
    private final String contextName;
    private final String explicitNamespace;

    private Cluster(KubernetesClient client, String contextName, String explicitNamespace) {
        this.client = client;
        this.contextName = contextName;
        this.explicitNamespace = explicitNamespace;
    }

    public static Cluster connect(ClusterSettings settings) {
        Config config = loadConfig(settings);
        Duration timeout = settings.requestTimeout();
        if (timeout != null && !timeout.isZero()) {
            config.setRequestTimeout((int) timeout.toMillis());
            config.setConnectionTimeout((int) timeout.toMillis());
        }
        // A CLI reports an unreachable server at once instead of retrying for a minute.
        config.setRequestRetryBackoffLimit(1);
        config.setRequestRetryBackoffInterval(200);
        config.setUserAgent(io.kubectlgpu.core.BuildInfo.userAgent());
        // watches come back quickly after the API server restarts (the client backs off exponentially from here)
        config.setWatchReconnectInterval(250);
        String context = config.getCurrentContext() == null ? null : config.getCurrentContext().getName();
        // both given explicitly: fabric8 finds them through ServiceLoader, which a Quarkus native build leaves out
        KubernetesClient client = new KubernetesClientBuilder().withConfig(config)
                .withHttpClientFactory(new JdkHttpClientFactory())
                .withKubernetesSerialization(KubernetesModelReflection.serialization())
                .build();
        return new Cluster(client, context, settings.namespace());
    }

    private static Config loadConfig(ClusterSettings settings) {
        String path = settings.kubeconfig();
        if (path == null || path.isBlank()) {
            String env = System.getenv("KUBECONFIG");
            if (env != null && !env.isBlank()) {
                path = env.split(File.pathSeparator)[0];
            } else {
                path = Path.of(System.getProperty("user.home"), ".kube", "config").toString();
            }
            if (!Files.isRegularFile(Path.of(path))) {
                if (System.getenv("KUBERNETES_SERVICE_HOST") != null) {
                    return Config.autoConfigure(settings.context()); // running in a pod: its service account
                }
                throw new GpuException(ExitCode.USAGE, "no kubeconfig found at " + path,
                        "point --kubeconfig or KUBECONFIG at a kubeconfig file, e.g. from 'kubectl gpu aks get-credentials'");
            }
        }
        Path file = Path.of(path);
        if (!Files.isRegularFile(file)) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " does not exist or is not a file",
                    "check --kubeconfig or KUBECONFIG");
        }
        String text;
        try {
            text = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " is not a text file",
                    "a kubeconfig is YAML; check --kubeconfig or KUBECONFIG, and the file with 'kubectl config view --kubeconfig " + path + "'");
        } catch (Exception e) {
            throw new GpuException(ExitCode.USAGE, "cannot read kubeconfig " + path + ": " + e.getClass().getSimpleName(),
                    "check that the file is readable by you: ls -l " + path);
        }
        // parse errors are reported without their cause: YAML parsers quote the offending line, which may hold a credential
        java.util.Map<?, ?> document;
        try {
            document = KubeconfigContexts.document(text);
        } catch (RuntimeException e) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " is not valid YAML",
                    "check the file with 'kubectl config view --kubeconfig " + path + "'");
        }
        if (document == null) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " is empty or not a kubeconfig",
                    "a kubeconfig has clusters, users and contexts; get one with 'kubectl gpu aks get-credentials' or from your cluster's admin");
        }
        List<String> contexts = KubeconfigContexts.names(document);
        if (settings.context() != null && !contexts.contains(settings.context())) {
            throw new GpuException(ExitCode.USAGE, "context \"" + settings.context() + "\" does not exist in " + path,
                    "list the contexts with 'kubectl config get-contexts'");
        }
        if (settings.context() == null && (document.get("current-context") == null || document.get("current-context").toString().isBlank())) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " has no current context",
                    contexts.isEmpty() ? "it defines no context; get a kubeconfig with 'kubectl gpu aks get-credentials'"
                            : "pick one with --context (" + String.join(", ", contexts.stream().limit(5).toList()) + ")");
        }
        if (settings.context() == null && !contexts.contains(document.get("current-context").toString())) {
            throw new GpuException(ExitCode.USAGE, "the current context \"" + io.kubectlgpu.core.KubeNames.shorten(document.get("current-context").toString())
                    + "\" of kubeconfig " + path + " does not exist in it", "pick one with --context, or fix it with 'kubectl config use-context'");
        }
        try {
            return Config.fromKubeconfig(settings.context(), text, file.toAbsolutePath().toString());
        } catch (RuntimeException e) {
            throw new GpuException(ExitCode.USAGE, "kubeconfig " + path + " cannot be used: " + firstLine(e.getMessage()),
                    "check the file with 'kubectl config view --kubeconfig " + path + "'");
        }
    }

    private static String firstLine(String s) {
        return s == null ? "invalid content" : s.lines().findFirst().orElse(s);
    }

    public KubernetesClient client() {
        return client;
    }

    /** The context in use, for messages. */
    public String contextName() {
        return contextName;
    }

    public String server() {
        return client.getConfiguration().getMasterUrl();
    }

    /** -n if given, else the context's namespace, else "default". */
    public String namespace() {
        if (explicitNamespace != null) {
            return explicitNamespace;
        }
        String ns = client.getConfiguration().getNamespace();
        return ns == null ? "default" : ns;
    }

    @Override
    public void close() {
        client.close();
    }
}
