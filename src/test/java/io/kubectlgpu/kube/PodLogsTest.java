package io.kubectlgpu.kube;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class PodLogsTest {
    @Test
    void theKubeletsCannotReadAnswerIsNoLogSoTheNextSourceIsRead() {
        // the answer of a previous plugin container that a containerd restart removed, on the real H200 node
        assertEquals(List.of(), PodLogs.linesWritten(
                "unable to retrieve container logs for containerd://6ac92e6aaf91322f64ae4ad6a0c44c2ef7dd87541d5cbb62415eeba8c28d8d39"));
        assertEquals(List.of(), PodLogs.linesWritten(""));
        assertEquals(List.of(), PodLogs.linesWritten(null));
    }

    @Test
    void aContainersOwnLinesAreKeptInOrderWithoutBlankOnes() {
        String log = """
                I1201 07:48:42.109463       1 plugin-manager.go:50] Using device discovery strategy: nvml

                E1201 07:48:42.109664       1 main.go:198] error starting plugins: nvml init failed: ERROR_LIBRARY_NOT_FOUND
                """;
        assertEquals(List.of(
                "I1201 07:48:42.109463       1 plugin-manager.go:50] Using device discovery strategy: nvml",
                "E1201 07:48:42.109664       1 main.go:198] error starting plugins: nvml init failed: ERROR_LIBRARY_NOT_FOUND"),
                PodLogs.linesWritten(log));
        // a container that itself prints the phrase among other lines keeps its lines
        assertEquals(2, PodLogs.linesWritten("starting\nunable to retrieve container logs for x\n").size());
    }
}
