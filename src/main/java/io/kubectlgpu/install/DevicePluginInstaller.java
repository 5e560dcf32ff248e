package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.kubectlgpu.core.DryRun;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.core.Interrupts;
import io.kubectlgpu.gpu.GpuNodes;
import io.kubectlgpu.gpu.Labels;
import io.kubectlgpu.kube.Nodes;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Installs, upgrades and removes the NVIDIA device plugin with server-side apply. Nothing is changed
 * until every preflight check has passed: no foreign plugin, and permission for every write.
 */
public final class DevicePluginInstaller {
    public static final String FIELD_MANAGER = "kubectl-gpu";

    private final KubernetesClient client;
    private final Console console;

    public DevicePluginInstaller(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    /** What --dry-run=client prints: the rendered objects; the cluster is not contacted. */
    public static InstallResult renderOnly(InstallSpec spec) {
        DevicePluginObjects objects = DevicePluginObjects.render(spec);
        List<HasMetadata> all = objects.all(true);
        return new InstallResult(all, all.stream().map(o -> describe(o) + " created (dry run)").toList(), List.of());
    }

    /**
     * @param printChanges print kubectl-style change lines on stdout as soon as they are known
     */
    public InstallResult install(InstallSpec spec, DryRun dryRun, boolean force, boolean wait, Duration timeout,
            boolean printChanges) {
        DevicePluginObjects objects = DevicePluginObjects.render(spec);
        String ns = spec.namespace();
        // what an interrupt leaves, phase by phase: said on Ctrl-C or SIGTERM
        this.phase = () -> "interrupted before any change: nothing was changed";
        try (Interrupts.Handle interrupt = Interrupts.during(() -> console.err().printf("%n%s%n", phase.get()))) {
            return install(objects, spec, dryRun, force, wait, timeout, printChanges);
        }
    }

    private volatile java.util.function.Supplier<String> phase;

    private InstallResult install(DevicePluginObjects objects, InstallSpec spec, DryRun dryRun, boolean force, boolean wait,
            Duration timeout, boolean printChanges) {
        String ns = spec.namespace();
        List<Node> nodes = Nodes.listAll(client);
        List<DaemonSet> daemonSets = client.apps().daemonSets().inAnyNamespace().list().getItems();
        List<Preflight.Conflict> conflicts = Preflight.conflicts(client, daemonSets, nodes, ns);
        if (!conflicts.isEmpty()) {
            String list = String.join("; ", conflicts.stream().map(Object::toString).toList());
            if (!force) {
                throw new GpuException(ExitCode.CONDITION_FAILED,
                        "another NVIDIA device plugin already serves this cluster: " + list + "; nothing was changed",
                        "a second plugin registers the same GPUs twice; remove the other one, or pass --force to install anyway");
            }
            console.warn("installing despite " + list + " (--force)");
        }
        if (nodes.stream().noneMatch(GpuNodes::isGpuNode)) {
            console.warn("no node looks like a GPU node (no GPU label, GPU instance type or nvidia.com/gpu capacity); "
                    + "the plugin will run nowhere until GPU nodes join");
        }

        Namespace existingNs = client.namespaces().withName(ns).get();
        // a namespace kubectl-gpu did not create is used, never taken over (uninstall keeps it)
        boolean applyNamespace = existingNs == null || Labels.managedByUs(existingNs);
        List<HasMetadata> toApply = objects.all(applyNamespace);
        ConfigMap staleConfig = objects.config() == null ? staleConfig(ns) : null;

        if (dryRun == DryRun.NONE) {
            checkAccess(toApply, existingNs == null, staleConfig != null);
            validate(toApply, existingNs == null);
        }

        List<HasMetadata> applied = new ArrayList<>();
        List<String> changes = new java.util.concurrent.CopyOnWriteArrayList<>(); // read by the interrupt handler
        if (dryRun == DryRun.NONE) {
            phase = () -> "interrupted while applying: " + (changes.isEmpty() ? "nothing was applied yet"
                    : "applied so far: " + String.join(", ", List.copyOf(changes)))
                    + "; run 'kubectl gpu install' again to finish (it converges), or 'kubectl gpu uninstall' to remove it";
        }
        boolean createsNamespace = dryRun == DryRun.NONE && existingNs == null && applyNamespace;
        try {
            for (HasMetadata object : toApply) {
                if (dryRun == DryRun.SERVER && existingNs == null && object.getMetadata().getNamespace() != null) {
                    // the server cannot validate objects in a namespace that a dry run did not create
                    applied.add(object);
                    changes.add(describe(object) + " created (dry run, not validated: namespace " + ns + " does not exist yet)");
                    continue;
                }
                applied.add(apply(object, dryRun, changes));
            }
        } catch (RuntimeException e) {
            if (createsNamespace) {
                rollBackNamespace(ns);
            }
            throw e;
        }
        if (staleConfig != null) {
            if (dryRun == DryRun.NONE) {
                client.resource(staleConfig).delete();
            }
            changes.add(describe(staleConfig) + " deleted" + (dryRun == DryRun.NONE ? "" : " (dry run)"));
        }
        if (printChanges) {
            changes.forEach(console::data);
        }
        if (dryRun != DryRun.NONE || !wait) {
            return new InstallResult(applied, changes, List.of());
        }
        String dsName = objects.daemonSet().getMetadata().getName();
        phase = () -> "interrupted: the device plugin is applied (" + String.join(", ", changes) + ") and its rollout goes on "
                + "without kubectl-gpu; check it with 'kubectl gpu verify --wait', remove it with 'kubectl gpu uninstall'";
        new Rollout(client, console).await(ns, dsName, timeout);
        phase = () -> "interrupted: the device plugin is installed and rolled out";
        List<String> gpuNodes = Nodes.listAll(client).stream().filter(n -> GpuNodes.allocatable(n) > 0)
                .map(n -> n.getMetadata().getName() + " (" + GpuNodes.allocatable(n) + ")").toList();
        return new InstallResult(applied, changes, gpuNodes);
    }

    private HasMetadata apply(HasMetadata object, DryRun dryRun, List<String> changes) {
        Resource<HasMetadata> resource = client.resource(object);
        HasMetadata before = resource.get();
        HasMetadata after = dryRun == DryRun.SERVER
                ? resource.dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply()
                : resource.fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
        String verb;
        if (before == null) {
            verb = "created";
        } else if (Objects.equals(before.getMetadata().getResourceVersion(), after.getMetadata().getResourceVersion())) {
            verb = "unchanged";
        } else {
            verb = "configured";
        }
        changes.add(describe(object) + " " + verb + (dryRun == DryRun.SERVER ? " (server dry run)" : ""));
        return after;
    }

    /**
     * Every object through the API server's validation (server-side dry run) before the first write, so that a
     * rejected object leaves nothing half-applied. Objects of a namespace that does not exist yet are validated
     * in "default" instead (the server refuses a dry run in a missing namespace); there only a rejection of the
     * object itself (422, 400) counts, as the user may not be allowed to write there.
     */
    private void validate(List<HasMetadata> objects, boolean namespaceMissing) {
        for (HasMetadata object : objects) {
            boolean elsewhere = namespaceMissing && object.getMetadata().getNamespace() != null;
            HasMetadata probe = object;
            if (elsewhere) {
                probe = client.getKubernetesSerialization().clone(object);
                probe.getMetadata().setNamespace("default");
            }
            try {
                client.resource(probe).dryRun().fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            } catch (KubernetesClientException e) {
                if (!elsewhere || e.getCode() == 422 || e.getCode() == 400) {
                    throw e;
                }
            }
        }
    }

    /** After a failed write: the namespace this install created goes again, so nothing is left half-applied. */
    private void rollBackNamespace(String ns) {
        try {
            client.namespaces().withName(ns).delete();
            console.warn("namespace " + ns + ", created by this install, was deleted again: nothing is left half-applied");
        } catch (KubernetesClientException e) {
            console.warn("namespace " + ns + " was created by this install and could not be deleted again; "
                    + "'kubectl gpu uninstall' removes it");
        }
    }

    /** Our time-slicing ConfigMap, left from an install with --time-slicing, now to be removed. */
    private ConfigMap staleConfig(String ns) {
        ConfigMap cm = client.configMaps().inNamespace(ns).withName("nvidia-device-plugin-config").get();
        return cm != null && Labels.managedByUs(cm) ? cm : null;
    }

    /** Asks the API server whether every write is allowed before making the first one. */
    private void checkAccess(List<HasMetadata> objects, boolean namespaceMissing, boolean deletesConfig) {
        for (HasMetadata o : objects) {
            String[] gr = groupResource(o);
            List<String> verbs = new ArrayList<>(List.of("get", "patch"));
            if (namespaceMissing || o instanceof Namespace == false) {
                verbs.add("create");
            }
            for (String verb : verbs) {
                deny(verb, gr[0], gr[1], o.getMetadata().getNamespace(), o.getMetadata().getName());
            }
        }
        if (deletesConfig) {
            deny("delete", "", "configmaps", objects.getLast().getMetadata().getNamespace(), "nvidia-device-plugin-config");
        }
    }

    private void deny(String verb, String group, String resource, String namespace, String name) {
        SelfSubjectAccessReview review = new SelfSubjectAccessReviewBuilder()
                .withNewSpec().withNewResourceAttributes()
                .withVerb(verb).withGroup(group).withResource(resource).withNamespace(namespace).withName(name)
                .endResourceAttributes().endSpec().build();
        SelfSubjectAccessReview answer = client.authorization().v1().selfSubjectAccessReview().create(review);
        if (answer.getStatus() == null || !Boolean.TRUE.equals(answer.getStatus().getAllowed())) {
            String what = resource + (group.isEmpty() ? "" : "." + group);
            throw new GpuException(ExitCode.UNREACHABLE_OR_FORBIDDEN,
                    "forbidden: you cannot " + verb + " " + what + (namespace == null ? "" : " in namespace " + namespace)
                            + "; nothing was changed",
                    "installing the device plugin needs rights to create and patch namespaces, daemonsets and configmaps; "
                            + "ask a cluster admin, or use a context that has them");
        }
    }

    private static String[] groupResource(HasMetadata o) {
        return switch (o) {
            case Namespace n -> new String[] {"", "namespaces"};
            case ConfigMap c -> new String[] {"", "configmaps"};
            case DaemonSet d -> new String[] {"apps", "daemonsets"};
            default -> throw new IllegalArgumentException("unexpected object " + o.getKind());
        };
    }

    /** kubectl's "kind.group/name". */
    public static String describe(HasMetadata o) {
        String group = o.getApiVersion().contains("/") ? "." + o.getApiVersion().substring(0, o.getApiVersion().indexOf('/')) : "";
        return o.getKind().toLowerCase(java.util.Locale.ROOT) + group + "/" + o.getMetadata().getName();
    }
}
