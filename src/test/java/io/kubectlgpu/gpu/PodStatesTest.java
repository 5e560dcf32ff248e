package io.kubectlgpu.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ContainerState;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a pod's container counts as crashing: the states a kubelet reports, as `kubectl get pod -o yaml` shows them. */
class PodStatesTest {
    static final Instant NOW = Instant.parse("2026-12-01T02:35:00Z");

    private static Pod pod(int restarts, ContainerState state, ContainerState last) {
        return new PodBuilder().withNewMetadata().withName("p").endMetadata().withNewStatus().withPhase("Running")
                .addToContainerStatuses(new ContainerStatusBuilder().withName("c").withRestartCount(restarts)
                        .withState(state).withLastState(last).build())
                .endStatus().build();
    }

    private static ContainerState running() {
        return new ContainerStateBuilder().withNewRunning().withStartedAt("2026-12-01T02:34:59Z").endRunning().build();
    }

    private static ContainerState exited(int code, String at) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(code).withReason(code == 0 ? "Completed" : "Error")
                .withFinishedAt(at).endTerminated().build();
    }

    @Test
    void runningBetweenCrashesIsCrashing() {
        // the real plugin without NVML: Ready between restarts, last exit 1 seconds ago
        assertEquals(Optional.of("restarted 4 times, last exit code 1 at 2026-12-01T02:34:35Z"),
                PodStates.crashing(pod(4, running(), exited(1, "2026-12-01T02:34:35Z")), NOW));
    }

    @Test
    void backOffAndAFreshExitAreCrashing() {
        ContainerState backOff = new ContainerStateBuilder().withNewWaiting().withReason("CrashLoopBackOff").endWaiting().build();
        assertEquals(Optional.of("restarted 5 times, last exit code 1 at 2026-11-30T01:00:00Z"),
                PodStates.crashing(pod(5, backOff, exited(1, "2026-11-30T01:00:00Z")), NOW));
        assertEquals(Optional.of("is in CrashLoopBackOff (restarted once)"), PodStates.crashing(pod(1, backOff, new ContainerState()), NOW));
        assertEquals(Optional.of("exited with code 2"), PodStates.crashing(pod(0, exited(2, "2026-12-01T02:34:59Z"), new ContainerState()), NOW));
    }

    @Test
    void anOldRestartOrACleanExitIsNot() {
        assertEquals(Optional.empty(), PodStates.crashing(pod(1, running(), exited(1, "2026-12-01T01:00:00Z")), NOW));
        assertEquals(Optional.empty(), PodStates.crashing(pod(1, running(), exited(0, "2026-12-01T02:34:50Z")), NOW));
        assertEquals(Optional.empty(), PodStates.crashing(pod(0, running(), new ContainerState()), NOW));
        assertEquals(Optional.empty(), PodStates.crashing(new PodBuilder().withNewMetadata().withName("p").endMetadata().build(), NOW));
    }
}
