package io.kubectlgpu.core;

import io.fabric8.kubernetes.api.model.Toleration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses the key=value and toleration forms that kubectl users type. */
public final class Selectors {
    private static final List<String> EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private Selectors() {
    }

    /** "a=b,c=d" to a map; rejects anything else with a usage error naming the flag. */
    public static Map<String, String> keyValues(String flag, List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            for (String pair : value.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw GpuException.usage(flag + " '" + pair + "' is not KEY=VALUE", "e.g. " + flag + " agentpool=gpu");
                }
                map.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return map;
    }

    /** KEY[=VALUE][:EFFECT], as in a taint; without a value the toleration matches any (Exists). */
    public static Toleration toleration(String spec) {
        String keyValue = spec;
        String effect = null;
        int colon = spec.lastIndexOf(':');
        if (colon >= 0) {
            keyValue = spec.substring(0, colon);
            effect = spec.substring(colon + 1);
            if (!EFFECTS.contains(effect)) {
                throw GpuException.usage("--toleration '" + spec + "': effect '" + effect + "' is not one of " + EFFECTS,
                        "e.g. --toleration dedicated=gpu:NoSchedule");
            }
        }
        int eq = keyValue.indexOf('=');
        String key = eq < 0 ? keyValue : keyValue.substring(0, eq);
        if (key.isBlank()) {
            throw GpuException.usage("--toleration '" + spec + "' has no key", "e.g. --toleration dedicated=gpu:NoSchedule");
        }
        Toleration t = new Toleration();
        t.setKey(key);
        if (eq < 0) {
            t.setOperator("Exists");
        } else {
            t.setOperator("Equal");
            t.setValue(keyValue.substring(eq + 1));
        }
        t.setEffect(effect);
        return t;
    }
}
