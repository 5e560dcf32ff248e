package io.kubectlgpu.cli;

import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.core.Interrupts;
import io.kubectlgpu.core.KubeNames;
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
        checkFlags();
        return connectAndRun();
    }

    /** Every flag checked before anything connects: kubectl's (-n) and the command's own. */
    protected final void checkFlags() {
        if (kube.namespace != null) {
            KubeNames.namespace("-n/--namespace", kube.namespace);
        }
        validate();
    }

    /** For commands whose call() decides first whether the cluster is needed at all (client dry runs). */
    protected final int connectAndRun() throws Exception {
        // Ctrl-C and SIGTERM exit 130 quietly; phases that leave state behind say what (Interrupts.during)
        Interrupts.install();
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
