package io.kubectlgpu.gpu;

import java.util.List;
import java.util.Optional;

/** Messages of a failing NVIDIA device plugin, and what each one means. */
public final class PluginLogMessages {
    public record Known(String id, String needle, String meaning, String fix) {
    }

    private static final String NVML_MEANING = "the plugin cannot load NVML: the container runtime is not nvidia or the driver is missing";
    private static final String NVML_FIX = "install the NVIDIA driver and container toolkit, and make nvidia the default runtime (or use the GPU Operator)";

    public static final List<Known> KNOWN = List.of(
            new Known("nvml-not-loaded", "Failed to initialize NVML",
                    NVML_MEANING, NVML_FIX),
            // the plugin's last line before it exits, the one a short tail of its log always has
            new Known("nvml-not-loaded", "nvml init failed",
                    NVML_MEANING, NVML_FIX),
            // v0.20.0 quotes it: "did you set the docker default runtime to `nvidia`?"
            new Known("nvml-not-loaded", "did you set the docker default runtime to",
                    NVML_MEANING, NVML_FIX),
            new Known("not-a-gpu-node", "If this is not a GPU node, you should set up a toleration or nodeSelector",
                    "the plugin runs on a node without NVIDIA GPUs",
                    "keep it off non-GPU nodes: reinstall without --all-nodes, or with --node-selector"),
            new Known("no-devices", "No devices found",
                    "the plugin runs but sees no GPU on the node",
                    "check the driver on the node (nvidia-smi) and the plugin's device-list strategy"),
            new Known("mig-strategy-mismatch", "Incompatible strategy detected",
                    "the MIG strategy does not match how the GPUs are partitioned",
                    "reinstall with --mig-strategy matching the node's MIG configuration (none, single or mixed)"));

    private PluginLogMessages() {
    }

    /**
     * The line that explains a match best: of the messages with the match's meaning, the first listed (the error
     * itself before the plugin's hints) that the lines hold, its newest occurrence.
     */
    public static Optional<String> explainingLine(List<String> lines, Known known) {
        for (Known k : KNOWN) {
            if (k.id().equals(known.id())) {
                Optional<String> line = lines.reversed().stream().filter(l -> l.contains(k.needle())).findFirst();
                if (line.isPresent()) {
                    return line;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The newest known message in the log lines (oldest first). When NVML cannot be loaded the plugin prints its hints
     * for both cases after the error ("If this is a GPU node, ..." then "If this is not a GPU node, ..."), so the hint
     * for non-GPU nodes says nothing by itself: on a node that looks like a GPU node it is passed over.
     */
    public static Optional<Known> match(List<String> lines, boolean gpuNode) {
        for (int i = lines.size() - 1; i >= 0; i--) {
            for (Known k : KNOWN) {
                if (lines.get(i).contains(k.needle()) && !(gpuNode && k.id().equals("not-a-gpu-node"))) {
                    return Optional.of(k);
                }
            }
        }
        return Optional.empty();
    }
}
