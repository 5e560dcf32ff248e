package io.kubectlgpu.cli;

import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.kube.ApiErrors;
import io.kubectlgpu.kube.Cluster;
import picocli.CommandLine.Mixin;

/**
 * A command that talks to the cluster: it connects only when it runs (so --help stays instant), uses
 * one client for the whole invocation, and turns client failures into the CLI's errors.
 */
public abstract class ClusterCommand extends BaseCommand {
    @Mixin
    protected KubeOptions kube;

    @Override
    public Integer call() throws Exception {
        validate();
        return connectAndRun();
    }

    /** For commands whose call() decides first whether the cluster is needed at all (client dry runs). */
    protected final int connectAndRun() throws Exception {
        try (Cluster cluster = Cluster.connect(kube.settings())) {
            try {
                return run(cluster);
            } catch (GpuException e) {
                throw e;
            } catch (RuntimeException e) {
                GpuException translated = ApiErrors.translate(e, cluster.server(), cluster.contextName());
                throw translated != null ? translated : e;
            }
        }
    }

    /** Checks the flags before anything connects; throws GpuException.usage(...). */
    protected void validate() {
    }

    protected abstract int run(Cluster cluster) throws Exception;
}
