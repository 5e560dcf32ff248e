package io.kubectlgpu.cli;

import picocli.CommandLine.Option;

/** Options every command has: verbosity and colour. */
public class CommonOptions {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = {"-v", "--verbose"}, description = "Print details of what is done, and stack traces on errors.")
    boolean verbose;

    @Option(names = "--color", defaultValue = "auto", paramLabel = "WHEN",
            description = "Colour output: auto (a terminal and NO_COLOR unset), always, never. Default: ${DEFAULT-VALUE}.",
            completionCandidates = ColorModes.class,
            converter = ColorModes.class)
    String color;

    static final class ColorModes extends java.util.ArrayList<String> implements picocli.CommandLine.ITypeConverter<String> {
        ColorModes() {
            super(java.util.List.of("auto", "always", "never"));
        }

        @Override
        public String convert(String value) {
            if (!contains(value)) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of auto, always, never");
            }
            return value;
        }
    }
}
