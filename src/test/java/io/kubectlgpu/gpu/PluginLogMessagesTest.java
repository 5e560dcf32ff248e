package io.kubectlgpu.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
