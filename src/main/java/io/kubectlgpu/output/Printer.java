package io.kubectlgpu.output;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.UncheckedIOException;
import java.util.List;

/** Renders records as JSON or YAML; tables are rendered by each command's own view. */
public final class Printer {
    /** YAML as kubectl writes it: no quotes where none are needed, numbers-as-strings kept quoted. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR));

    private Printer() {
    }

    /** Through JSON, so that the Kubernetes model's own serialisation decides the fields. */
    static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(YAML.readTree(Serialization.asJson(value)));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void print(Console console, OutputFormat format, Object value) {
        switch (format) {
            case JSON -> console.data(Serialization.asJson(value));
            case YAML -> {
                console.out().print(yaml(value));
                console.out().flush();
            }
            default -> throw new IllegalArgumentException("not a document format: " + format);
        }
    }

    /** Several Kubernetes objects: a YAML stream, or a JSON List like kubectl's. */
    public static void printObjects(Console console, OutputFormat format, List<?> objects) {
        if (format == OutputFormat.JSON) {
            console.data(Serialization.asJson(java.util.Map.of("apiVersion", "v1", "kind", "List", "items", objects)));
            return;
        }
        StringBuilder sb = new StringBuilder();
        for (Object o : objects) {
            sb.append("---\n").append(yaml(o));
        }
        console.out().print(sb);
        console.out().flush();
    }
}
