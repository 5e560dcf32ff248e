package io.kubectlgpu.cli.aks;

import io.kubectlgpu.cli.GroupCommand;
import picocli.CommandLine.Command;

@Command(name = "feature", synopsisSubcommandLabel = "COMMAND",
        header = "Register and inspect Azure preview features (Microsoft.Features).",
        description = {"", "Examples:",
                "  kubectl gpu aks feature register ManagedGPUExperiencePreview",
                "  kubectl gpu aks feature show \\",
                "      Microsoft.ContainerService/ManagedGPUExperiencePreview", ""},
        subcommands = {AksFeatureRegisterCommand.class, AksFeatureShowCommand.class})
public class AksFeatureCommand extends GroupCommand {
}
