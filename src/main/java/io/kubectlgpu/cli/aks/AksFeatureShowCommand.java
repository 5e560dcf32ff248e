package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksFeatureState;
import io.kubectlgpu.aks.AksFeatures;
import io.kubectlgpu.aks.AksNames;
import io.kubectlgpu.aks.AzureArm;
import io.kubectlgpu.cli.BaseCommand;
import io.kubectlgpu.cli.OutputOptions;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.output.Table;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "show",
        header = "Show a preview feature's registration state.",
        description = {"", "Examples:",
                "  kubectl gpu aks feature show ManagedGPUExperiencePreview",
                "  kubectl gpu aks feature show -o json \\",
                "      Microsoft.ContainerService/ManagedGPUExperiencePreview", ""})
public class AksFeatureShowCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Feature: NAME or NAMESPACE/NAME.")
    String feature;

    @Mixin
    AzureOptions azure;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = console();
        String[] nsName = AksNames.feature(feature);
        String retired = AksFeatures.retiredWarning(nsName[1]);
        if (retired != null) {
            console.warn(retired);
        }
        AzureArm arm = AzureArm.connect(azure.settings(false), console, io.kubectlgpu.core.BuildInfo.userAgent());
        print(console, output, AksFeatures.show(arm, nsName[0], nsName[1]));
        return 0;
    }

    static void print(Console console, OutputOptions output, AksFeatureState state) {
        if (output.format().machineReadable()) {
            Printer.print(console, output.format(), state);
            return;
        }
        Table table = state.providerRegistration() == null ? new Table(List.of("NAME", "STATE"))
                .row(List.of(state.name(), state.state()))
                : new Table(List.of("NAME", "STATE", "PROVIDER")).row(List.of(state.name(), state.state(), state.providerRegistration()));
        table.render(!output.noHeaders()).forEach(console::data);
    }
}
