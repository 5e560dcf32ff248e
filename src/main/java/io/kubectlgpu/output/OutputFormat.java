package io.kubectlgpu.output;

import java.util.Arrays;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

public enum OutputFormat {
    TABLE, WIDE, JSON, YAML;

    /** json and yaml are read by programs: no chatter on stderr, no tables. */
    public boolean machineReadable() {
        return this == JSON || this == YAML;
    }

    public static final class Converter implements ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException("'" + value + "' is not an output format: use table, wide, json or yaml");
            }
        }
    }

    public static final class Names extends java.util.ArrayList<String> {
        public Names() {
            super(Arrays.stream(values()).map(f -> f.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
