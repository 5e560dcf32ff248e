package io.kubectlgpu.cli.aks;

import io.kubectlgpu.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "nodepool", synopsisSubcommandLabel = "COMMAND",
        header = "Manage the GPU node pools of an AKS cluster.",
        description = {"", "Examples:",
                "  kubectl gpu aks nodepool add --cluster myAKSCluster -g myResourceGroup \\",
                "      --name gpu", ""},
        subcommands = {AksNodepoolAddCommand.class})
public class AksNodepoolCommand extends GroupCommand {
}
