package io.kubectlgpu.manifest;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The manifests of plugin-manifest/, bundled into the build under the same paths. Every object the
 * plugin applies starts as one of these files.
 */
public final class PluginManifests {
    public static final String NAMESPACE = "device-plugin/namespace.yaml";
    public static final String DAEMONSET = "device-plugin/daemonset.yaml";
    public static final String CONFIG = "device-plugin/config.yaml";

    private PluginManifests() {
    }

    /** A fresh, mutable copy of the object in {@code plugin-manifest/<path>}. */
    public static <T extends HasMetadata> T load(String path, Class<T> type) {
        try (InputStream in = open(path)) {
            return Serialization.unmarshal(in, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream open(String path) {
        InputStream in = PluginManifests.class.getClassLoader().getResourceAsStream("plugin-manifest/" + path);
        if (in == null) {
            // a packaging defect, not a user error: the build must bundle plugin-manifest/
            throw new IllegalStateException("bundled manifest plugin-manifest/" + path + " is missing from this build");
        }
        return in;
    }
}
