package io.kubectlgpu.kube;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/** Reads the context names of a kubeconfig, to tell an unknown --context apart from other errors. */
final class KubeconfigContexts {
    private KubeconfigContexts() {
    }

    /** The kubeconfig as a map, or null when it is empty or not a mapping; throws on invalid YAML. */
    static Map<?, ?> document(String kubeconfigText) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(kubeconfigText);
        return doc instanceof Map<?, ?> map ? map : null;
    }

    static List<String> names(Map<?, ?> doc) {
        List<String> names = new ArrayList<>();
        if (doc != null && doc.get("contexts") instanceof List<?> contexts) {
            for (Object c : contexts) {
                if (c instanceof Map<?, ?> entry && entry.get("name") != null) {
                    names.add(entry.get("name").toString());
                }
            }
        }
        return names;
    }
}
