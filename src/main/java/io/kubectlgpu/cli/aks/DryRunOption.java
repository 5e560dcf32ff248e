package io.kubectlgpu.cli.aks;

import io.kubectlgpu.core.GpuException;
import picocli.CommandLine.Option;

/** --dry-run (also --dry-run=client, as kubectl users type it): print the ARM requests, send nothing. */
public class DryRunOption {
    @Option(names = "--dry-run", arity = "0..1", fallbackValue = "client", defaultValue = "none", paramLabel = "client",
            description = "Print the Azure Resource Manager requests (method, URL with api-version, headers, JSON body) "
                    + "and send nothing, not even for credentials.")
    String dryRun;

    boolean enabled() {
        return switch (dryRun) {
            case "none" -> false;
            case "client" -> true;
            default -> throw GpuException.usage("--dry-run '" + dryRun + "' is not client",
                    "nothing is sent in a dry run, so only client exists");
        };
    }
}
