package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.gpu.Labels;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Removes what kubectl-gpu installed, found by its labels, and nothing else. */
public final class DevicePluginUninstaller {
    private final KubernetesClient client;
    private final Console console;

    public DevicePluginUninstaller(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    /**
     * @param namespace only this namespace, or null for wherever kubectl-gpu installed the plugin
     * @return kubectl-style lines, one per deleted object; empty when nothing was installed
     */
    public List<String> uninstall(String namespace, boolean wait, Duration timeout) {
        List<DaemonSet> daemonSets = (namespace == null
                ? client.apps().daemonSets().inAnyNamespace().withLabel(Labels.MANAGED_BY, Labels.KUBECTL_GPU)
                : client.apps().daemonSets().inNamespace(namespace).withLabel(Labels.MANAGED_BY, Labels.KUBECTL_GPU))
                .list().getItems();
        List<String> deleted = new ArrayList<>();
        java.util.Set<String> namespaces = new java.util.LinkedHashSet<>();
        daemonSets.forEach(d -> namespaces.add(d.getMetadata().getNamespace()));
        if (namespace != null) {
            namespaces.add(namespace);
        } else {
            // also what a half-applied install left: a namespace kubectl-gpu labelled, without a DaemonSet in it
            namespaces.addAll(labelledNamespaces());
        }
        for (String ns : namespaces) {
            List<HasMetadata> ours = new ArrayList<>();
            ours.addAll(client.apps().daemonSets().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.KUBECTL_GPU).list().getItems());
            ours.addAll(client.configMaps().inNamespace(ns).withLabel(Labels.MANAGED_BY, Labels.KUBECTL_GPU).list().getItems());
            for (HasMetadata o : ours) {
                client.resource(o).withPropagationPolicy(io.fabric8.kubernetes.api.model.DeletionPropagation.FOREGROUND).delete();
                deleted.add(DevicePluginInstaller.describe(o) + " deleted");
            }
            if (wait && !ours.isEmpty()) {
                awaitPodsGone(ns, timeout);
                // foreground deletion: the DaemonSet goes once the garbage collector has removed its pods
                for (HasMetadata o : ours) {
                    if (o instanceof DaemonSet ds) {
                        awaitDeleted(ds, timeout);
                    }
                }
            }
            Namespace nsObject = client.namespaces().withName(ns).get();
            if (nsObject != null && Labels.managedByUs(nsObject)) {
                long others = client.pods().inNamespace(ns).list().getItems().stream()
                        .filter(p -> p.getMetadata().getLabels() == null
                                || !Labels.KUBECTL_GPU.equals(p.getMetadata().getLabels().get(Labels.PART_OF)))
                        .count();
                if (others == 0) {
                    client.resource(nsObject).delete();
                    deleted.add("namespace/" + ns + " deleted");
                } else {
                    console.warn("namespace " + ns + " was created by kubectl-gpu but now holds " + others
                            + " other pods; it is kept");
                }
            }
        }
        return deleted;
    }

    /** Namespaces labelled as kubectl-gpu's; none when the user may not list namespaces (then only DaemonSets lead). */
    private List<String> labelledNamespaces() {
        try {
            return client.namespaces().withLabel(Labels.MANAGED_BY, Labels.KUBECTL_GPU).list().getItems().stream()
                    .map(n -> n.getMetadata().getName()).toList();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                return List.of();
            }
            throw e;
        }
    }

    private void awaitDeleted(DaemonSet ds, Duration timeout) {
        try {
            client.apps().daemonSets().inNamespace(ds.getMetadata().getNamespace()).withName(ds.getMetadata().getName())
                    .waitUntilCondition(java.util.Objects::isNull, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (KubernetesClientTimeoutException e) {
            throw new GpuException(ExitCode.CONDITION_FAILED, DevicePluginInstaller.describe(ds) + " still exists after "
                    + Durations.human(timeout), "check its finalizers with 'kubectl get daemonset -n " + ds.getMetadata().getNamespace()
                    + " " + ds.getMetadata().getName() + " -o yaml'");
        }
    }

    private void awaitPodsGone(String ns, Duration timeout) {
        console.info("waiting for the device plugin pods in " + ns + " to terminate");
        try {
            client.pods().inNamespace(ns).withLabel(Labels.PART_OF, Labels.KUBECTL_GPU)
                    .informOnCondition(List::isEmpty).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | KubernetesClientTimeoutException e) {
            throw new GpuException(ExitCode.CONDITION_FAILED, "device plugin pods in " + ns + " still exist after "
                    + Durations.human(timeout), "check them with 'kubectl get pods -n " + ns + "'");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuException(ExitCode.INTERRUPTED, "interrupted while waiting for the pods to terminate");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
