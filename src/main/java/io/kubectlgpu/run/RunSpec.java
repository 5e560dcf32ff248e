package io.kubectlgpu.run;

import java.util.List;
import java.util.Map;

/**
 * The GPU Job `run` creates.
 *
 * @param sample  vectoradd, mnist-tf or nvidia-smi; the base manifest also for --image
 * @param image   replaces the sample's image when not null
 * @param command replaces the sample's command and args when not empty
 */
public record RunSpec(String name, String namespace, int gpus, String sample, String image, List<String> command,
        Map<String, String> env, Map<String, String> labels, Map<String, String> nodeSelector, int backoffLimit) {

    public static final List<String> SAMPLES = List.of("vectoradd", "mnist-tf", "nvidia-smi");
}
