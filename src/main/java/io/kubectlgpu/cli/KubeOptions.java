package io.kubectlgpu.cli;

import io.kubectlgpu.kube.ClusterSettings;
import java.time.Duration;
import picocli.CommandLine.Option;

/** kubectl's connection flags, with kubectl's meaning. */
public class KubeOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Path to the kubeconfig file (default: $KUBECONFIG, else ~/.kube/config).")
    String kubeconfig;

    @Option(names = "--context", paramLabel = "NAME", description = "The kubeconfig context to use.")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace (default: the command's own, else the context's).")
    String namespace;

    @Option(names = "--request-timeout", paramLabel = "DURATION", defaultValue = "0",
            converter = DurationConverter.class,
            description = "How long to wait for one API request, e.g. 10s or 1m; 0 keeps the client default (10s).")
    Duration requestTimeout;

    public ClusterSettings settings() {
        return new ClusterSettings(kubeconfig, context, namespace, requestTimeout);
    }
}
