package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AksFeatureState;
import io.kubectlgpu.aks.AksFeatures;
import io.kubectlgpu.aks.AksNames;
import io.kubectlgpu.aks.AzureArm;
import io.kubectlgpu.aks.AzureSettings;
import io.kubectlgpu.cli.BaseCommand;
import io.kubectlgpu.cli.DurationConverter;
import io.kubectlgpu.cli.OutputOptions;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "register", sortOptions = false,
        header = "Register a preview feature and wait until it is Registered.",
        description = {"",
                "Then re-registers the resource provider: what the 2020 guide did by hand "
                + "with 'az feature register', 'az feature list' and 'az provider register'. "
                + "NAME is NAMESPACE/NAME, or NAME in Microsoft.ContainerService.",
                "",
                "Examples:",
                "  kubectl gpu aks feature register ManagedGPUExperiencePreview",
                "  kubectl gpu aks feature register --no-wait \\",
                "      Microsoft.ContainerService/ManagedGPUExperiencePreview",
                ""})
public class AksFeatureRegisterCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "NAME", description = "Feature: NAME or NAMESPACE/NAME.")
    String feature;

    @Option(names = "--no-wait", description = "Request the registration and return.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30m", converter = DurationConverter.class,
            description = "How long to wait for Registered. Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Mixin
    DryRunOption dryRun;

    @Mixin
    AzureOptions azure;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        Console console = console();
        boolean dry = dryRun.enabled();
        String[] nsName = AksNames.feature(feature);
        String retired = AksFeatures.retiredWarning(nsName[1]);
        if (retired != null) {
            console.warn(retired);
        }
        AzureSettings settings = azure.settings(dry);
        if (dry) {
            AksViews.printDryRun(console, output.format(), settings, AksFeatures.plan(settings, nsName[0], nsName[1]));
            return 0;
        }
        AzureArm arm = AzureArm.connect(settings, console, io.kubectlgpu.core.BuildInfo.userAgent());
        AksFeatureState state = AksFeatures.register(arm, nsName[0], nsName[1], !noWait, timeout);
        AksFeatureShowCommand.print(console, output, state);
        return 0;
    }
}
