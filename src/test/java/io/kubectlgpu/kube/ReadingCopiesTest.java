package io.kubectlgpu.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

/**
 * What {@link Nodes#forReading} and {@link PodPages#forReading} keep (everything verify and ps read) and what they
 * drop and share, on objects as the API server sends them. The cluster-level proof is that verify and ps give the
 * same reports against testenv's real API server (their tests) at a peak RSS bench/run measures at 5,000 nodes.
 */
class ReadingCopiesTest {

    private static final String NODE = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"gpu-0","creationTimestamp":"2026-12-07T05:00:00Z",
              "labels":{"kubernetes.azure.com/accelerator":"nvidia","node.kubernetes.io/instance-type":"Standard_NC24ads_A100_v4"},
              "annotations":{"node.alpha.kubernetes.io/ttl":"0"},
              "managedFields":[{"manager":"kubelet","operation":"Update","apiVersion":"v1"}]},
             "spec":{"unschedulable":true,"podCIDR":"10.0.0.0/24","taints":[{"key":"sku","value":"gpu","effect":"NoSchedule"}]},
             "status":{"capacity":{"nvidia.com/gpu":"1","cpu":"24"},"allocatable":{"nvidia.com/gpu":"1","nvidia.com/mig-1g.10gb":"7","cpu":"24"},
              "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady","message":"kubelet is posting ready status",
                "lastHeartbeatTime":"2026-12-07T05:00:00Z","lastTransitionTime":"2026-12-07T05:00:00Z"}],
              "addresses":[{"type":"InternalIP","address":"10.0.0.4"}],"nodeInfo":{"kubeletVersion":"v1.34.4"},
              "images":[{"names":["nvcr.io/nvidia/k8s-device-plugin:v0.20.0"],"sizeBytes":1}]}}""";

    private static final String POD = """
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"train-0","namespace":"ml","labels":{"app":"train"},
              "annotations":{"a":"b"},"ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"train","uid":"u","controller":true}],
              "managedFields":[{"manager":"kube-controller-manager"}]},
             "spec":{"nodeName":"gpu-0","volumes":[{"name":"data","emptyDir":{}}],
              "tolerations":[{"key":"sku","operator":"Equal","value":"gpu","effect":"NoSchedule"}],
              "containers":[{"name":"main","image":"nvcr.io/nvidia/cuda:12.4.1-base","env":[{"name":"X","value":"1"}],
                "volumeMounts":[{"name":"data","mountPath":"/data"}],"resources":{"limits":{"nvidia.com/gpu":"1"}}}]},
             "status":{"phase":"Running","startTime":"2026-12-07T05:00:01Z",
              "conditions":[{"type":"PodScheduled","status":"True","lastTransitionTime":"2026-12-07T05:00:00Z","message":"m"}],
              "containerStatuses":[{"name":"main","ready":true,"restartCount":2,"image":"nvcr.io/nvidia/cuda:12.4.1-base",
                "state":{"running":{"startedAt":"2026-12-07T05:00:02Z"}}}]}}""";

    @Test
    void aNodeKeepsWhatReadersUseAndDropsTheRest() {
        Node node = Nodes.forReading(Serialization.unmarshal(NODE, Node.class), new SharedStrings());
        assertEquals("gpu-0", node.getMetadata().getName());
        assertEquals("2026-12-07T05:00:00Z", node.getMetadata().getCreationTimestamp());
        assertEquals("Standard_NC24ads_A100_v4", node.getMetadata().getLabels().get("node.kubernetes.io/instance-type"));
        assertEquals(Boolean.TRUE, node.getSpec().getUnschedulable());
        assertEquals("sku", node.getSpec().getTaints().getFirst().getKey());
        assertEquals("NoSchedule", node.getSpec().getTaints().getFirst().getEffect());
        assertEquals("1", node.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount());
        assertEquals("1", node.getStatus().getCapacity().get("nvidia.com/gpu").getAmount());
        assertEquals("7", node.getStatus().getAllocatable().get("nvidia.com/mig-1g.10gb").getAmount());
        assertEquals("Ready", node.getStatus().getConditions().getFirst().getType());
        assertEquals("True", node.getStatus().getConditions().getFirst().getStatus());

        assertNull(node.getStatus().getAllocatable().get("cpu"));
        assertNull(node.getStatus().getCapacity().get("cpu"));
        assertNull(node.getMetadata().getManagedFields());
        assertNull(node.getMetadata().getAnnotations());
        assertNull(node.getStatus().getImages());
        assertNull(node.getStatus().getNodeInfo());
        assertNull(node.getStatus().getAddresses());
        assertNull(node.getStatus().getConditions().getFirst().getMessage());
        assertNull(node.getStatus().getConditions().getFirst().getLastHeartbeatTime());
    }

    @Test
    void aPodKeepsWhatVerifyAndPsUseAndDropsTheRest() {
        Pod pod = PodPages.forReading(Serialization.unmarshal(POD, Pod.class), new SharedStrings());
        assertEquals("ml", pod.getMetadata().getNamespace());
        assertEquals("train", pod.getMetadata().getLabels().get("app"));
        assertEquals("Job", pod.getMetadata().getOwnerReferences().getFirst().getKind());
        assertEquals("gpu-0", pod.getSpec().getNodeName());
        assertEquals("sku", pod.getSpec().getTolerations().getFirst().getKey());
        assertEquals("nvcr.io/nvidia/cuda:12.4.1-base", pod.getSpec().getContainers().getFirst().getImage());
        assertEquals("1", pod.getSpec().getContainers().getFirst().getResources().getLimits().get("nvidia.com/gpu").getAmount());
        assertEquals("Running", pod.getStatus().getPhase());
        assertEquals("2026-12-07T05:00:01Z", pod.getStatus().getStartTime());
        assertEquals("2026-12-07T05:00:00Z", pod.getStatus().getConditions().getFirst().getLastTransitionTime());
        assertEquals("m", pod.getStatus().getConditions().getFirst().getMessage());
        assertEquals(2, pod.getStatus().getContainerStatuses().getFirst().getRestartCount());

        assertNull(pod.getMetadata().getManagedFields());
        assertNull(pod.getMetadata().getAnnotations());
        assertNull(pod.getSpec().getVolumes());
        assertNull(pod.getSpec().getContainers().getFirst().getEnv());
        assertNull(pod.getSpec().getContainers().getFirst().getVolumeMounts());
    }

    @Test
    void emptyMapsOfUnknownFieldsAreSharedAndUnknownFieldsKept() {
        Node a = Nodes.forReading(Serialization.unmarshal(NODE, Node.class), new SharedStrings());
        Node b = Nodes.forReading(Serialization.unmarshal(NODE.replace("\"spec\":{", "\"spec\":{\"futureField\":1,"), Node.class),
                new SharedStrings());
        Pod pod = PodPages.forReading(Serialization.unmarshal(POD, Pod.class), new SharedStrings());
        assertSame(a.getAdditionalProperties(), a.getStatus().getConditions().getFirst().getAdditionalProperties());
        assertSame(a.getAdditionalProperties(), pod.getSpec().getTolerations().getFirst().getAdditionalProperties());
        assertSame(a.getAdditionalProperties(), pod.getStatus().getContainerStatuses().getFirst().getState().getAdditionalProperties());
        assertEquals(0, a.getMetadata().getAdditionalProperties().size());
        assertEquals(1, b.getSpec().getAdditionalProperties().get("futureField"));
    }

    @Test
    void equalStringsOfOneListingAreOneCopy() {
        SharedStrings strings = new SharedStrings();
        Node a = Nodes.forReading(Serialization.unmarshal(NODE, Node.class), strings);
        Node b = Nodes.forReading(Serialization.unmarshal(NODE.replace("gpu-0", "gpu-1"), Node.class), strings);
        Pod pod = PodPages.forReading(Serialization.unmarshal(POD, Pod.class), strings);
        String typeA = a.getStatus().getConditions().getFirst().getType();
        assertSame(typeA, b.getStatus().getConditions().getFirst().getType());
        assertSame(a.getMetadata().getLabels().get("kubernetes.azure.com/accelerator"),
                b.getMetadata().getLabels().get("kubernetes.azure.com/accelerator"));
        assertSame(a.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount(),
                b.getStatus().getAllocatable().get("nvidia.com/gpu").getAmount());
        assertSame(a.getMetadata().getName(), pod.getSpec().getNodeName(), "a pod's node name is its node's");
        assertNotSame(a.getMetadata().getName(), b.getMetadata().getName());
        assertEquals("gpu-1", b.getMetadata().getName());
    }
}
