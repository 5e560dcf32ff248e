package io.kubectlgpu.kube;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ListOptionsBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * Pod lists in pages of 500 ({@link Nodes#PAGE}): a cluster of thousands of pods costs a handful of requests,
 * and each page can be thinned out before the next arrives.
 */
public final class PodPages {
    /** Pods that may hold resources: neither Succeeded nor Failed. */
    public static final String NOT_TERMINATED = "status.phase!=Succeeded,status.phase!=Failed";

    private PodPages() {
    }

    /**
     * Hands every pod to {@code each}, page by page.
     *
     * @param namespace     null for every namespace
     * @param labelSelector null for none
     * @param fieldSelector null for none
     */
    public static void forEach(KubernetesClient client, String namespace, String labelSelector, String fieldSelector,
            Consumer<Pod> each) {
        String token = null;
        do {
            var options = new ListOptionsBuilder().withLabelSelector(labelSelector).withFieldSelector(fieldSelector)
                    .withLimit(Nodes.PAGE).withContinue(token).build();
            PodList page = namespace == null ? client.pods().inAnyNamespace().list(options)
                    : client.pods().inNamespace(namespace).list(options);
            for (Pod pod : page.getItems()) {
                each.accept(pod);
            }
            token = page.getMetadata() == null ? null : page.getMetadata().getContinue();
        } while (token != null && !token.isEmpty());
    }

    /**
     * Drops what no reader of a pod list uses, so that thousands of kept pods stay small: managedFields (about 40%
     * of a pod's JSON), annotations, volumes, and the containers' environment, mounts, ports and probes. Such a
     * pod must not be written back. Equal strings are shared ({@link SharedStrings}: hand every pod of one listing
     * the same {@code strings}), and so are empty maps of unknown fields ({@link UnknownFields}).
     */
    public static Pod forReading(Pod pod, SharedStrings strings) {
        if (pod.getMetadata() != null) {
            pod.getMetadata().setManagedFields(null);
            pod.getMetadata().setAnnotations(null);
            strings.shareMeta(pod.getMetadata());
        }
        PodSpec spec = pod.getSpec();
        if (spec != null) {
            spec.setVolumes(null);
            spec.setNodeName(strings.share(spec.getNodeName()));
            spec.setSchedulerName(strings.share(spec.getSchedulerName()));
            spec.setServiceAccountName(strings.share(spec.getServiceAccountName()));
            spec.setServiceAccount(strings.share(spec.getServiceAccount()));
            spec.setRestartPolicy(strings.share(spec.getRestartPolicy()));
            spec.setDnsPolicy(strings.share(spec.getDnsPolicy()));
            spec.setPriorityClassName(strings.share(spec.getPriorityClassName()));
            strings.shareEach(spec.getTolerations(), Toleration::getKey, Toleration::setKey);
            strings.shareEach(spec.getTolerations(), Toleration::getOperator, Toleration::setOperator);
            strings.shareEach(spec.getTolerations(), Toleration::getValue, Toleration::setValue);
            strings.shareEach(spec.getTolerations(), Toleration::getEffect, Toleration::setEffect);
            thin(spec.getContainers(), strings);
            thin(spec.getInitContainers(), strings);
        }
        PodStatus status = pod.getStatus();
        if (status != null) {
            status.setPhase(strings.share(status.getPhase()));
            status.setQosClass(strings.share(status.getQosClass()));
            status.setHostIP(strings.share(status.getHostIP()));
            status.setHostIPs(null);
            status.setPodIPs(null);
            strings.shareEach(status.getConditions(), PodCondition::getType, PodCondition::setType);
            strings.shareEach(status.getConditions(), PodCondition::getStatus, PodCondition::setStatus);
            strings.shareEach(status.getContainerStatuses(), ContainerStatus::getName, ContainerStatus::setName);
            strings.shareEach(status.getContainerStatuses(), ContainerStatus::getImage, ContainerStatus::setImage);
            strings.shareEach(status.getContainerStatuses(), ContainerStatus::getImageID, ContainerStatus::setImageID);
        }
        shareEmptyUnknownFields(pod);
        return pod;
    }

    private static void shareEmptyUnknownFields(Pod pod) {
        UnknownFields.shareEmpty(pod, Pod::getAdditionalProperties, Pod::setAdditionalProperties);
        ObjectMeta meta = pod.getMetadata();
        UnknownFields.shareEmpty(meta, ObjectMeta::getAdditionalProperties, ObjectMeta::setAdditionalProperties);
        if (meta != null) {
            UnknownFields.shareEmpty(meta.getOwnerReferences(), OwnerReference::getAdditionalProperties, OwnerReference::setAdditionalProperties);
        }
        PodSpec spec = pod.getSpec();
        UnknownFields.shareEmpty(spec, PodSpec::getAdditionalProperties, PodSpec::setAdditionalProperties);
        if (spec != null) {
            UnknownFields.shareEmpty(spec.getSecurityContext(), PodSecurityContext::getAdditionalProperties, PodSecurityContext::setAdditionalProperties);
            UnknownFields.shareEmpty(spec.getTolerations(), Toleration::getAdditionalProperties, Toleration::setAdditionalProperties);
            for (List<Container> containers : Arrays.asList(spec.getContainers(), spec.getInitContainers())) {
                UnknownFields.shareEmpty(containers, Container::getAdditionalProperties, Container::setAdditionalProperties);
                if (containers != null) {
                    for (Container c : containers) {
                        ResourceRequirements r = c.getResources();
                        UnknownFields.shareEmpty(r, ResourceRequirements::getAdditionalProperties, ResourceRequirements::setAdditionalProperties);
                        if (r != null && r.getLimits() != null) {
                            UnknownFields.shareEmpty(r.getLimits().values(), Quantity::getAdditionalProperties, Quantity::setAdditionalProperties);
                        }
                        if (r != null && r.getRequests() != null) {
                            UnknownFields.shareEmpty(r.getRequests().values(), Quantity::getAdditionalProperties, Quantity::setAdditionalProperties);
                        }
                    }
                }
            }
        }
        PodStatus status = pod.getStatus();
        UnknownFields.shareEmpty(status, PodStatus::getAdditionalProperties, PodStatus::setAdditionalProperties);
        if (status != null) {
            UnknownFields.shareEmpty(status.getConditions(), PodCondition::getAdditionalProperties, PodCondition::setAdditionalProperties);
            UnknownFields.shareEmpty(status.getContainerStatuses(), ContainerStatus::getAdditionalProperties, ContainerStatus::setAdditionalProperties);
            if (status.getContainerStatuses() != null) {
                for (ContainerStatus cs : status.getContainerStatuses()) {
                    UnknownFields.shareEmpty(cs.getState(), ContainerState::getAdditionalProperties, ContainerState::setAdditionalProperties);
                    UnknownFields.shareEmpty(cs.getLastState(), ContainerState::getAdditionalProperties, ContainerState::setAdditionalProperties);
                }
            }
        }
    }

    private static void thin(List<Container> containers, SharedStrings strings) {
        if (containers == null) {
            return;
        }
        for (Container c : containers) {
            c.setName(strings.share(c.getName()));
            c.setImage(strings.share(c.getImage()));
            c.setImagePullPolicy(strings.share(c.getImagePullPolicy()));
            c.setTerminationMessagePath(strings.share(c.getTerminationMessagePath()));
            c.setTerminationMessagePolicy(strings.share(c.getTerminationMessagePolicy()));
            if (c.getResources() != null) {
                strings.shareQuantities(c.getResources().getLimits());
                strings.shareQuantities(c.getResources().getRequests());
            }
            c.setEnv(null);
            c.setEnvFrom(null);
            c.setVolumeMounts(null);
            c.setPorts(null);
            c.setLivenessProbe(null);
            c.setReadinessProbe(null);
            c.setStartupProbe(null);
        }
    }
}
