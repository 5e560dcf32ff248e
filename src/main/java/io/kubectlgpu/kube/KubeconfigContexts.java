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

    @SuppressWarnings("unchecked")
    static List<String> names(String kubeconfigText) {
        Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(kubeconfigText);
        List<String> names = new ArrayList<>();
        if (doc instanceof Map<?, ?> map && map.get("contexts") instanceof List<?> contexts) {
            for (Object c : contexts) {
                if (c instanceof Map<?, ?> entry && entry.get("name") != null) {
                    names.add(entry.get("name").toString());
                }
            }
        }
        return names;
    }
}
