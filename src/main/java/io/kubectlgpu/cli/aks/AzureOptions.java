package io.kubectlgpu.cli.aks;

import io.kubectlgpu.aks.AzureSettings;
import io.kubectlgpu.cli.DurationConverter;
import java.time.Duration;
import picocli.CommandLine.Option;

/** Where an aks command works: the subscription, and (hidden) the Resource Manager endpoint. */
public class AzureOptions {
    @Option(names = "--subscription", paramLabel = "ID",
            description = "Azure subscription ID (default: AZURE_SUBSCRIPTION_ID, else the Azure CLI's default subscription).")
    String subscription;

    @Option(names = "--arm-endpoint", paramLabel = "URL", hidden = true,
            description = "Azure Resource Manager endpoint (default: " + AzureSettings.ARM_ENDPOINT_VARIABLE
                    + ", else https://management.azure.com).")
    String armEndpoint;

    @Option(names = "--poll-interval", paramLabel = "DURATION", hidden = true, defaultValue = "10s",
            converter = DurationConverter.class,
            description = "How often to poll when Azure does not say (Retry-After). Default: ${DEFAULT-VALUE}.")
    Duration pollInterval;

    /** Resolves endpoint and subscription; a dry run may go on without a subscription. */
    AzureSettings settings(boolean dryRun) {
        return AzureSettings.resolve(armEndpoint, subscription, AzureSettings::setting, dryRun, pollInterval);
    }
}
