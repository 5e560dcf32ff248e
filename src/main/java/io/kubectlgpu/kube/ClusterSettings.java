package io.kubectlgpu.kube;

import java.time.Duration;

/** What the user said about which cluster to talk to; nothing is read or connected yet. */
public record ClusterSettings(String kubeconfig, String context, String namespace, Duration requestTimeout) {
}
