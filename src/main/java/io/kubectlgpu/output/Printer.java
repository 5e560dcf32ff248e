package io.kubectlgpu.output;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.util.List;

/** Renders records as JSON or YAML; tables are rendered by each command's own view. */
public final class Printer {
    private Printer() {
    }

    public static void print(Console console, OutputFormat format, Object value) {
        switch (format) {
            case JSON -> console.data(Serialization.asJson(value));
            case YAML -> {
                String yaml = Serialization.asYaml(value);
                console.out().print(yaml.startsWith("---\n") ? yaml.substring(4) : yaml);
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
            String yaml = Serialization.asYaml(o);
            sb.append(yaml.startsWith("---\n") ? yaml : "---\n" + yaml);
        }
        console.out().print(sb);
        console.out().flush();
    }
}
