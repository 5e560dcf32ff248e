package io.kubectlgpu.core;

import org.eclipse.microprofile.config.ConfigProvider;

/** The client's own version, from the build (pom version through quarkus.application.version). */
public final class BuildInfo {
    private BuildInfo() {
    }

    /** e.g. v0.1.0 */
    public static String version() {
        return "v" + ConfigProvider.getConfig().getOptionalValue("quarkus.application.version", String.class).orElse("0.0.0");
    }

    /** What the API server's audit log and metrics show for this client. */
    public static String userAgent() {
        return "kubectl-gpu/" + version();
    }
}
