package io.kubectlgpu.cli;

import io.kubectlgpu.output.OutputFormat;
import picocli.CommandLine.Option;

/** -o and --no-headers, as in kubectl get. */
public class OutputOptions {
    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table",
            converter = OutputFormat.Converter.class, completionCandidates = OutputFormat.Names.class,
            description = "Output format: table, wide, json, yaml. Default: ${DEFAULT-VALUE}.")
    OutputFormat format;

    @Option(names = "--no-headers", description = "Print tables without their header line.")
    boolean noHeaders;

    public OutputFormat format() {
        return format;
    }

    public boolean noHeaders() {
        return noHeaders;
    }
}
