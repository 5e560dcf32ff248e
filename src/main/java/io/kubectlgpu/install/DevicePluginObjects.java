package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.kubectlgpu.manifest.PluginManifests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Renders the device plugin objects: the bundled manifests with the flags applied, nothing else. */
public final class DevicePluginObjects {
    static final String CONFIG_DIR = "/etc/nvidia-device-plugin";
    static final String CONFIG_HASH_ANNOTATION = "kubectl-gpu/config-hash";

    private final Namespace namespace;
    private final ConfigMap config;
    private final DaemonSet daemonSet;

    private DevicePluginObjects(Namespace namespace, ConfigMap config, DaemonSet daemonSet) {
        this.namespace = namespace;
        this.config = config;
        this.daemonSet = daemonSet;
    }

    public static DevicePluginObjects render(InstallSpec spec) {
        Namespace ns = PluginManifests.load(PluginManifests.NAMESPACE, Namespace.class);
        ns.getMetadata().setName(spec.namespace());

        DaemonSet ds = PluginManifests.load(PluginManifests.DAEMONSET, DaemonSet.class);
        ds.getMetadata().setNamespace(spec.namespace());
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        Container plugin = pod.getContainers().getFirst();
        plugin.setImage(spec.image());

        List<io.fabric8.kubernetes.api.model.Toleration> tolerations = new ArrayList<>(pod.getTolerations());
        for (var t : spec.extraTolerations()) {
            if (!tolerations.contains(t)) {
                tolerations.add(t);
            }
        }
        pod.setTolerations(tolerations);

        if (spec.allNodes()) {
            pod.setAffinity(null);
        } else if (spec.nodeSelector() != null) {
            pod.setAffinity(null);
            pod.setNodeSelector(new LinkedHashMap<>(spec.nodeSelector()));
        }

        List<EnvVar> env = new ArrayList<>();
        if (spec.migStrategy() != null) {
            env.add(new EnvVar("MIG_STRATEGY", spec.migStrategy(), null));
        }
        if (spec.deviceListStrategy() != null) {
            env.add(new EnvVar("DEVICE_LIST_STRATEGY", spec.deviceListStrategy(), null));
        }
        if (spec.failOnInitError() != null) {
            env.add(new EnvVar("FAIL_ON_INIT_ERROR", spec.failOnInitError().toString(), null));
        }

        ConfigMap cm = null;
        if (spec.timeSlicing() != null) {
            cm = PluginManifests.load(PluginManifests.CONFIG, ConfigMap.class);
            cm.getMetadata().setNamespace(spec.namespace());
            String file = cm.getData().get("config.yaml").replaceFirst("replicas: \\d+", "replicas: " + spec.timeSlicing());
            cm.setData(new LinkedHashMap<>(Map.of("config.yaml", file)));
            env.add(new EnvVar("CONFIG_FILE", CONFIG_DIR + "/config.yaml", null));
            plugin.getVolumeMounts().add(new VolumeMountBuilder().withName("config").withMountPath(CONFIG_DIR)
                    .withReadOnly(true).build());
            pod.getVolumes().add(new VolumeBuilder().withName("config")
                    .withNewConfigMap().withName(cm.getMetadata().getName()).endConfigMap().build());
            // a changed config must restart the plugin, which only reads it at start
            ds.getSpec().getTemplate().getMetadata().setAnnotations(Map.of(CONFIG_HASH_ANNOTATION, sha256(file)));
        }
        if (!env.isEmpty()) {
            plugin.setEnv(env);
        }
        return new DevicePluginObjects(ns, cm, ds);
    }

    public Namespace namespace() {
        return namespace;
    }

    /** The time-slicing config, or null. */
    public ConfigMap config() {
        return config;
    }

    public DaemonSet daemonSet() {
        return daemonSet;
    }

    /** In apply order. */
    public List<HasMetadata> all(boolean withNamespace) {
        List<HasMetadata> all = new ArrayList<>();
        if (withNamespace) {
            all.add(namespace);
        }
        if (config != null) {
            all.add(config);
        }
        all.add(daemonSet);
        return all;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)))
                    .substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
