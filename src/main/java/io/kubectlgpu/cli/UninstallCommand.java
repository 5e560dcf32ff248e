package io.kubectlgpu.cli;

import io.kubectlgpu.install.DevicePluginUninstaller;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "uninstall", description = {"Remove the device plugin that kubectl gpu install created, and only that.",
        "", "Objects are found by the label app.kubernetes.io/managed-by=kubectl-gpu; a namespace that kubectl-gpu "
        + "did not create is kept.", "", "Examples:", "  kubectl gpu uninstall", "  kubectl gpu uninstall -n gpu-resources", ""})
public class UninstallCommand extends ClusterCommand {
    @Option(names = "--wait", arity = "0..1", fallbackValue = "true", defaultValue = "true", paramLabel = "true|false",
            description = "Wait until the plugin pods are gone. Default: ${DEFAULT-VALUE}.")
    boolean waitForPods;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m", converter = DurationConverter.class,
            description = "How long to wait. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Override
    protected int run(Cluster cluster) {
        Console console = console();
        List<String> deleted = new DevicePluginUninstaller(cluster.client(), console)
                .uninstall(kube.namespace, waitForPods, timeout);
        if (deleted.isEmpty()) {
            console.info("kubectl-gpu has not installed a device plugin" + (kube.namespace == null ? "" : " in namespace " + kube.namespace)
                    + "; nothing to remove");
        }
        deleted.forEach(console::data);
        return 0;
    }
}
