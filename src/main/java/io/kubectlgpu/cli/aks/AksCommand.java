package io.kubectlgpu.cli.aks;

import io.kubectlgpu.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "aks", synopsisSubcommandLabel = "COMMAND",
        header = "Create AKS clusters and GPU node pools through Azure Resource Manager.",
        description = {"",
                "The Azure steps of the AKS GPU guide, with what changed since: NC6 and NCv3 "
                + "are retired, the GPU-dedicated node image is gone, --gpu-driver None replaced "
                + "--skip-gpu-driver-install, AKS-managed GPU pools exist.",
                "",
                "Credentials: DefaultAzureCredential (environment variables, workload identity, "
                + "managed identity, Azure CLI login, ...). Subscription: --subscription, else "
                + "AZURE_SUBSCRIPTION_ID, else the Azure CLI's default subscription.",
                "",
                "Examples:",
                "  kubectl gpu aks sizes -l westeurope",
                "  kubectl gpu aks create -g myResourceGroup -n myAKSCluster -l westeurope",
                "  kubectl gpu aks get-credentials -g myResourceGroup -n myAKSCluster",
                "  kubectl gpu aks nodepool add --cluster myAKSCluster -g myResourceGroup \\",
                "      --name a100 --node-vm-size Standard_NC24ads_A100_v4 \\",
                "      --gpu-instance-profile MIG1g",
                "  kubectl gpu aks feature register ManagedGPUExperiencePreview",
                ""},
        subcommands = {
                AksCreateCommand.class,
                AksNodepoolCommand.class,
                AksGetCredentialsCommand.class,
                AksFeatureCommand.class,
                AksSizesCommand.class,
        })
public class AksCommand extends GroupCommand {
}
