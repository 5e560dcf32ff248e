package io.kubectlgpu.cli;

import io.fabric8.kubernetes.client.VersionInfo;
import io.kubectlgpu.kube.ApiErrors;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.Printer;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "version", description = {"Print the client version, and the server version when the cluster answers.", "",
        "Examples:", "  kubectl gpu version --client", "  kubectl gpu version -o json"})
public class VersionCommand extends BaseCommand {
    @Option(names = "--client", description = "Print the client version only; the cluster is not contacted.")
    boolean clientOnly;

    @Mixin
    KubeOptions kube;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = console();
        Map<String, Object> versions = new LinkedHashMap<>();
        versions.put("clientVersion", Map.of("gitVersion", clientVersion()));
        if (!clientOnly) {
            try (Cluster cluster = Cluster.connect(kube.settings())) {
                try {
                    VersionInfo server = cluster.client().getKubernetesVersion();
                    versions.put("serverVersion", Map.of("gitVersion", server.getGitVersion(),
                            "platform", server.getPlatform() == null ? "" : server.getPlatform()));
                } catch (RuntimeException e) {
                    printVersions(console, versions);
                    GpuException known = ApiErrors.translate(e, cluster.server(), cluster.contextName());
                    throw known != null ? known : e;
                }
            }
        }
        printVersions(console, versions);
        return 0;
    }

    @SuppressWarnings("unchecked")
    private void printVersions(Console console, Map<String, Object> versions) {
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), versions);
            return;
        }
        console.data("Client Version: " + clientVersion());
        if (versions.get("serverVersion") instanceof Map<?, ?> server) {
            console.data("Server Version: " + ((Map<String, Object>) server).get("gitVersion"));
        }
    }

    static String clientVersion() {
        return io.kubectlgpu.core.BuildInfo.version();
    }

    /** For --version on the top command. */
    public static final class Provider implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"kubectl-gpu " + clientVersion()};
        }
    }
}
