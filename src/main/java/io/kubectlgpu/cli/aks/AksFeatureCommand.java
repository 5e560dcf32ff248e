package io.kubectlgpu.cli.aks;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "feature", mixinStandardHelpOptions = true, synopsisSubcommandLabel = "COMMAND",
        header = "Register and inspect Azure preview features (Microsoft.Features).",
        description = {"", "Examples:",
                "  kubectl gpu aks feature register ManagedGPUExperiencePreview",
                "  kubectl gpu aks feature show \\",
                "      Microsoft.ContainerService/ManagedGPUExperiencePreview", ""},
        subcommands = {AksFeatureRegisterCommand.class, AksFeatureShowCommand.class})
public class AksFeatureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }
}
