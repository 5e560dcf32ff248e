package io.kubectlgpu.install;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.List;

/**
 * @param applied   what was applied (or would be, in a dry run), as the server returned it when it did
 * @param changes   one kubectl-style line per object: "daemonset.apps/x created", "... unchanged"
 * @param gpuNodes  "node (n)" for every node that advertises allocatable nvidia.com/gpu after the rollout
 */
public record InstallResult(List<HasMetadata> applied, List<String> changes, List<String> gpuNodes) {
}
