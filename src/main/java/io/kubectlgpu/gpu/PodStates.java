package io.kubectlgpu.gpu;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

    /**
     * How a container of the pod is crashing, e.g. "restarted 4 times, last exit code 1 at 02:34:35Z", or empty. A
     * container waits in CrashLoopBackOff, has just died, or died within {@link #RECENT} although it runs now (a
     * container without a readiness probe is ready between its crashes). An exit long ago is an old story.
     */
    public static Optional<String> crashing(Pod pod, Instant now) {
        for (ContainerStatus cs : containerStatuses(pod)) {
            int restarts = cs.getRestartCount() == null ? 0 : cs.getRestartCount();
            ContainerStateWaiting waiting = cs.getState() == null ? null : cs.getState().getWaiting();
            ContainerStateTerminated died = cs.getState() == null ? null : cs.getState().getTerminated();
            ContainerStateTerminated before = cs.getLastState() == null ? null : cs.getLastState().getTerminated();
            if (died != null && failed(died)) {
                return Optional.of("exited with code " + died.getExitCode() + (restarts > 0 ? " (restarted " + times(restarts) + ")" : ""));
            }
            if (before != null && failed(before) && (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())
                    || recent(before.getFinishedAt(), now))) {
                return Optional.of("restarted " + times(restarts) + ", last exit code " + before.getExitCode()
                        + (before.getFinishedAt() == null ? "" : " at " + before.getFinishedAt()));
            }
            if (waiting != null && "CrashLoopBackOff".equals(waiting.getReason())) {
                return Optional.of("is in CrashLoopBackOff (restarted " + times(restarts) + ")");
            }
        }
        return Optional.empty();
    }

    /** An exit this recent means the container is crash-looping, not that it once restarted. */
    static final Duration RECENT = Duration.ofMinutes(10);

    private static boolean failed(ContainerStateTerminated t) {
        return t.getExitCode() != null && t.getExitCode() != 0;
    }

    private static boolean recent(String timestamp, Instant now) {
        if (timestamp == null) {
            return false;
        }
        try {
            return Duration.between(Instant.parse(timestamp), now).compareTo(RECENT) < 0;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static String times(int n) {
        return n == 1 ? "once" : n + " times";
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
