package io.kubectlgpu.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The plugin's own log, as v0.20.0 printed it on the H200 node (docs/real-gpu/): what it means depends on the node. */
class PluginLogMessagesTest {
    static final List<String> NVML_FAILED = List.of(
            "I1201 Starting NVIDIA device plugin",
            "E1201 Failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND",
            "E1201 If this is a GPU node, did you set the docker default runtime to `nvidia`?",
            "E1201 If this is not a GPU node, you should set up a toleration or nodeSelector to only deploy this plugin on GPU nodes");

    @Test
    void onAGpuNodeTheNvmlErrorIsTheCause() {
        assertEquals("nvml-not-loaded", PluginLogMessages.match(NVML_FAILED, true).orElseThrow().id());
    }

    /** The five lines verify reads (a tail of 5), as the plugin wrote them on the H200 (docs/real-gpu/run-4). */
    @Test
    void theTailOfTheRealLogWithoutTheNvidiaRuntimeIsTheNvmlError() throws Exception {
        List<String> log = Files.readAllLines(Path.of("docs/real-gpu/run-4/plugin-log-without-nvidia-runtime.txt"));
        List<String> tail = log.subList(log.size() - 5, log.size());
        assertFalse(tail.stream().anyMatch(l -> l.contains("Failed to initialize NVML")), "the tail does not reach the first error line");
        assertEquals("nvml-not-loaded", PluginLogMessages.match(tail, true).orElseThrow().id());
        assertEquals("nvml-not-loaded", PluginLogMessages.match(List.of(tail.getLast()), true).orElseThrow().id());
        // the evidence is the error, not the hint printed before it
        assertEquals(tail.getLast(), PluginLogMessages.explainingLine(tail, PluginLogMessages.match(tail, true).orElseThrow()).orElseThrow());
        assertEquals(NVML_FAILED.get(1), PluginLogMessages.explainingLine(NVML_FAILED, PluginLogMessages.match(NVML_FAILED, true).orElseThrow()).orElseThrow());
    }

    @Test
    void onANodeWithoutGpusThePlacementIsTheCause() {
        assertEquals("not-a-gpu-node", PluginLogMessages.match(NVML_FAILED, false).orElseThrow().id());
    }

    @Test
    void theNewestKnownMessageWins() {
        assertEquals("no-devices", PluginLogMessages.match(List.of("E Failed to initialize NVML: x", "I No devices found. Waiting indefinitely."), true)
                .orElseThrow().id());
    }
}
