package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksCredentials;
import io.kubectlgpu.aks.AzureArm;
import io.kubectlgpu.aks.AzureSettings;
import io.kubectlgpu.aks.KubeconfigMerger;
import io.kubectlgpu.cli.BaseCommand;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "get-credentials", sortOptions = false,
        header = "Merge an AKS cluster's kubeconfig into yours and switch to it.",
        description = {"",
                "Like 'az aks get-credentials': adds cluster, user and context to the kubeconfig "
                + "in use (the first file of KUBECONFIG, else ~/.kube/config) or --file, makes "
                + "the context current, and refuses to replace an entry of the same name with "
                + "other content unless --overwrite-existing. The file is replaced atomically "
                + "and kept at permissions 0600. Entra ID clusters get a user with an exec "
                + "credential plugin (kubelogin), written as Azure returns it. Prints the "
                + "kubeconfig's path on stdout; credentials are never printed.",
                "",
                "Examples:",
                "  kubectl gpu aks get-credentials -g myResourceGroup -n myAKSCluster",
                "  kubectl gpu aks get-credentials -g rg -n c -f c.yaml --overwrite-existing",
                "  export KUBECONFIG=$(kubectl gpu aks get-credentials -g rg -n c -f c.yaml)",
                ""})
public class AksGetCredentialsCommand extends BaseCommand {
    @Option(names = {"-g", "--resource-group"}, required = true, paramLabel = "RG", description = "The cluster's resource group.")
    String resourceGroup;

    @Option(names = {"-n", "--name"}, required = true, paramLabel = "NAME", description = "Cluster name.")
    String name;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "Kubeconfig to merge into (default: the first file of KUBECONFIG, else ~/.kube/config).")
    Path file;

    @Option(names = "--overwrite-existing", description = "Replace cluster, user or context entries of the same name.")
    boolean overwrite;

    @Option(names = "--admin", description = "The cluster admin's credentials (listClusterAdminCredential) instead of the user's.")
    boolean admin;

    @Option(names = "--format", paramLabel = "exec|azure", description = "Kubeconfig format Azure returns for Entra ID clusters.")
    String format;

    @Mixin
    DryRunOption dryRun;

    @Mixin
    AzureOptions azure;

    @Override
    public Integer call() {
        Console console = console();
        boolean dry = dryRun.enabled();
        Path target = file != null ? file : KubeconfigMerger.defaultPath(AzureSettings::setting);
        AzureSettings settings = azure.settings(dry);
        AksCredentials.Request request = AksCredentials.request(resourceGroup, name, admin, format);
        if (dry) {
            AksViews.printDryRun(console, OutputFormat.TABLE, settings,
                    List.of(request.planned(settings).withNote("the kubeconfig it returns would be merged into " + target)));
            return 0;
        }
        AzureArm arm = AzureArm.connect(settings, console, io.kubectlgpu.core.BuildInfo.userAgent());
        String kubeconfig = AksCredentials.fetch(arm, request);
        KubeconfigMerger.Result result = KubeconfigMerger.merge(target, kubeconfig, overwrite);
        result.replaced().forEach(r -> console.info("replaced " + r + " (--overwrite-existing)"));
        for (String command : result.execCommands()) {
            if (!onPath(command)) {
                console.warn("the new user authenticates with the exec plugin '" + command + "', which is not on PATH: "
                        + "install it (Entra ID clusters: https://aka.ms/aks/kubelogin) before using the context");
            }
        }
        console.info("Merged \"" + result.context() + "\" as current context in " + result.file());
        console.data(result.file().toString());
        return 0;
    }

    private static boolean onPath(String command) {
        Path p = Path.of(command);
        if (p.isAbsolute() || command.contains(File.separator)) {
            return Files.isExecutable(p);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isBlank() && Files.isExecutable(Path.of(dir, command))) {
                return true;
            }
        }
        return false;
    }
}
