package io.kubectlgpu.core;

import java.util.Map;
import java.util.regex.Pattern;

/**
 * The API server's rules for names, label keys and values, checked before anything is sent, so that
 * --dry-run=client refuses what the server would refuse (k8s.io/apimachinery/pkg/util/validation).
 */
public final class KubeNames {
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DNS_SUBDOMAIN = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");
    private static final Pattern QUALIFIED_NAME = Pattern.compile("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");
    private static final String LABEL_RULE = "a label key is NAME or PREFIX/NAME: NAME up to 63 letters, digits, '-', '_' or '.', "
            + "starting and ending with a letter or digit; PREFIX a DNS name (lower case) up to 253";

    private KubeNames() {
    }

    /** A namespace (or other DNS-1123 label): lower-case letters, digits and '-', at most 63. */
    public static void namespace(String flag, String value) {
        if (value.length() > 63 || !DNS_LABEL.matcher(value).matches()) {
            throw GpuException.usage(flag + " '" + shorten(value) + "' is not a valid namespace name",
                    "a namespace name has at most 63 lower-case letters, digits and '-', starting and ending with a letter or digit");
        }
    }

    /** Keys and values of --label, --node-selector. */
    public static void labels(String flag, Map<String, String> labels) {
        labels.forEach((k, v) -> {
            labelKey(flag, k);
            if (v.length() > 63 || !(v.isEmpty() || QUALIFIED_NAME.matcher(v).matches())) {
                throw GpuException.usage(flag + " " + shorten(k) + "=" + shorten(v) + ": the value is not a valid label value"
                        + (v.length() > 63 ? " (" + v.length() + " characters, at most 63)" : ""),
                        "a label value is empty or up to 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit");
            }
        });
    }

    public static void labelKey(String flag, String key) {
        int slash = key.indexOf('/');
        String prefix = slash < 0 ? null : key.substring(0, slash);
        String name = slash < 0 ? key : key.substring(slash + 1);
        boolean ok = name.length() <= 63 && QUALIFIED_NAME.matcher(name).matches()
                && (prefix == null || prefix.length() <= 253 && DNS_SUBDOMAIN.matcher(prefix).matches());
        if (!ok) {
            throw GpuException.usage(flag + " '" + shorten(key) + "' is not a valid label key", LABEL_RULE);
        }
    }

    public static void envNames(Map<String, String> env) {
        env.keySet().forEach(k -> {
            if (!ENV_NAME.matcher(k).matches()) {
                throw GpuException.usage("--env '" + shorten(k) + "' is not a valid environment variable name",
                        "use letters, digits, '_', '-' and '.', not starting with a digit, e.g. --env EPOCHS=3");
            }
        });
    }

    /** An image reference: not empty, no spaces. */
    public static void image(String value) {
        if (value == null || value.isBlank()) {
            throw GpuException.usage("--image is empty", "give an image reference, e.g. --image nvcr.io/nvidia/cuda:12.5.0-base-ubuntu22.04");
        }
        String repository = value.contains("@") ? value.substring(0, value.indexOf('@')) : value;
        int tag = repository.lastIndexOf(':');
        if (tag > repository.lastIndexOf('/')) {
            repository = repository.substring(0, tag);
        }
        if (value.chars().anyMatch(Character::isWhitespace) || repository.chars().anyMatch(Character::isUpperCase)) {
            throw GpuException.usage("--image '" + shorten(value) + "' is not a valid image reference",
                    "an image is [REGISTRY/]REPOSITORY[:TAG|@DIGEST] without spaces, repository in lower case");
        }
    }

    /** A value shown in a message: long ones are cut so that the error stays one line. */
    public static String shorten(String value) {
        return value.length() <= 40 ? value : value.substring(0, 37) + "...";
    }
}
