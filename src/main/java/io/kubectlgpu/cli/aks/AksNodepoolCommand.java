package io.kubectlgpu.cli.aks;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "nodepool", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "Manage the GPU node pools of an AKS cluster.",
        description = {"", "Examples:",
                "  kubectl gpu aks nodepool add --cluster myAKSCluster -g myResourceGroup \\",
                "      --name gpu", ""},
        subcommands = {AksNodepoolAddCommand.class})
public class AksNodepoolCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
