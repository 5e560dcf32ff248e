package io.kubectlgpu.core;

/** --dry-run as in kubectl: none, client (nothing is sent), server (the API server validates, nothing persists). */
public enum DryRun {
    NONE, CLIENT, SERVER
}
