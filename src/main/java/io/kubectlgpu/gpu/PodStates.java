package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.util.List;
import java.util.Optional;

/** Reads a pod's state the way a person reads `kubectl describe pod`: one short phrase. */
public final class PodStates {
    private PodStates() {
    }

    /** Running, Ready, Pending, CrashLoopBackOff, ImagePullBackOff, ... */
    public static String state(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            return "Terminating";
        }
        for (ContainerStatus cs : containerStatuses(pod)) {
            if (cs.getState() != null && cs.getState().getWaiting() != null && cs.getState().getWaiting().getReason() != null) {
                return cs.getState().getWaiting().getReason();
            }
            if (cs.getState() != null && cs.getState().getTerminated() != null && cs.getState().getTerminated().getReason() != null
                    && !"Completed".equals(cs.getState().getTerminated().getReason())) {
                return cs.getState().getTerminated().getReason();
            }
        }
        String phase = pod.getStatus() == null || pod.getStatus().getPhase() == null ? "Pending" : pod.getStatus().getPhase();
        if ("Running".equals(phase)) {
            return isReady(pod) ? "Running" : "NotReady";
        }
        return phase;
    }

    public static boolean isReady(Pod pod) {
        return condition(pod, "Ready").map(c -> "True".equals(c.getStatus())).orElse(false);
    }

    public static int restarts(Pod pod) {
        return containerStatuses(pod).stream().mapToInt(cs -> cs.getRestartCount() == null ? 0 : cs.getRestartCount()).sum();
    }

    /** The scheduler's message for a pod it could not place, e.g. "0/4 nodes are available: 4 Insufficient nvidia.com/gpu". */
    public static Optional<String> unschedulableMessage(Pod pod) {
        return condition(pod, "PodScheduled")
                .filter(c -> "False".equals(c.getStatus()) && "Unschedulable".equals(c.getReason()))
                .map(c -> c.getMessage() == null ? "unschedulable" : c.getMessage());
    }

    public static Optional<PodCondition> condition(Pod pod, String type) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static String nodeName(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getNodeName();
    }

    private static List<ContainerStatus> containerStatuses(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null ? List.of()
                : pod.getStatus().getContainerStatuses();
    }
}
