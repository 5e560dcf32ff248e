package io.kubectlgpu.cli;

import io.kubectlgpu.core.DryRun;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.OutputFormat;
import picocli.CommandLine.Option;

/** --dry-run and -o of the commands that create objects (install, run), as in kubectl apply and create. */
public class ApplyOptions {
    @Option(names = "--dry-run", paramLabel = "client|server", arity = "0..1", fallbackValue = "client", defaultValue = "none",
            description = "Print what would be created and change nothing: client (no cluster access) or server (validated).")
    String dryRun;

    @Option(names = {"-o", "--output"}, paramLabel = "yaml|json",
            description = "Print the objects as yaml or json: what was created, or with --dry-run what would be.")
    String output;

    /** NONE, CLIENT or SERVER; a usage error for anything else. */
    public DryRun dryRun() {
        return switch (dryRun) {
            case "none" -> DryRun.NONE;
            case "client" -> DryRun.CLIENT;
            case "server" -> DryRun.SERVER;
            default -> throw GpuException.usage("--dry-run '" + dryRun + "' is not client or server",
                    "--dry-run=client prints what would be created without contacting the cluster; --dry-run=server has it validated");
        };
    }

    /** yaml or json, or null for kubectl-style "created" lines; a usage error for table or wide. */
    public OutputFormat format() {
        if (output == null) {
            return null;
        }
        OutputFormat format;
        try {
            format = new OutputFormat.Converter().convert(output);
        } catch (picocli.CommandLine.TypeConversionException e) {
            throw GpuException.usage("-o " + output + " is not an output format: objects are printed as yaml or json",
                    "use -o yaml or -o json");
        }
        if (!format.machineReadable()) {
            throw GpuException.usage("-o " + output + " is not possible here: objects are printed as yaml or json",
                    "use -o yaml or -o json, or leave -o out for one line per object");
        }
        return format;
    }

    boolean machineReadable() {
        return output != null;
    }
}
