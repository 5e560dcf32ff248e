package io.kubectlgpu.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.run.GpuJobRunner;
import io.kubectlgpu.run.GpuJobs;
import io.kubectlgpu.run.JobFollower;
import io.kubectlgpu.run.JobTable;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "watch", description = {"Follow GPU Jobs: one Job to its end (exit code = outcome), or all of kubectl-gpu's Jobs.", "",
        "Examples:", "  kubectl gpu watch gpu-vectoradd-x7k2p", "  kubectl gpu watch -A", ""})
public class WatchCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The Job to follow; all GPU Jobs when left out.")
    String name;

    @Option(names = {"-A", "--all-namespaces"}, description = "Jobs of every namespace (without NAME).")
    boolean allNamespaces;

    @Option(names = {"-f", "--follow"}, description = "Stream the pod's logs too (with NAME).")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Stop after this long; with NAME, exit 1 if the Job has not finished.")
    Duration timeout;

    @Override
    protected void validate() {
        if (name != null && allNamespaces) {
            throw GpuException.usage("a Job NAME and --all-namespaces exclude each other",
                    "follow one Job with 'kubectl gpu watch " + name + " -n NAMESPACE', or all of them with 'kubectl gpu watch -A'");
        }
        if (name == null && follow) {
            throw GpuException.usage("--follow needs a Job NAME", "e.g. 'kubectl gpu watch NAME --follow'; list the Jobs with 'kubectl gpu watch'");
        }
    }

    @Override
    protected int run(Cluster cluster) throws InterruptedException {
        Console console = console();
        GpuJobRunner runner = new GpuJobRunner(cluster.client(), console);
        if (name != null) {
            String namespace = cluster.namespace();
            runner.ours(namespace, name);
            return runner.follow(namespace, name, JobFollower.Options.of(follow, timeout), false);
        }
        return watchAll(cluster, console);
    }

    /** A line per change of any kubectl-gpu Job, until Ctrl-C or --timeout. */
    private int watchAll(Cluster cluster, Console console) throws InterruptedException {
        String namespace = allNamespaces ? null : cluster.namespace();
        Map<String, String> shown = new HashMap<>();
        Object lock = new Object();
        console.data((allNamespaces ? String.format("%-20s", "NAMESPACE") : "") + JobTable.header("gpu-vectoradd-xxxxx"));
        ResourceEventHandler<Job> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                show(job);
            }

            @Override
            public void onUpdate(Job oldJob, Job job) {
                show(job);
            }

            @Override
            public void onDelete(Job job, boolean deletedFinalStateUnknown) {
                synchronized (lock) {
                    shown.remove(key(job));
                }
            }

            private void show(Job job) {
                String state = GpuJobs.completions(job) + "|" + GpuJobs.finished(job);
                synchronized (lock) {
                    if (!state.equals(shown.put(key(job), state))) {
                        String line = JobTable.line(job, Instant.now());
                        console.data(allNamespaces ? String.format("%-20s", job.getMetadata().getNamespace()) + line : line);
                    }
                }
            }
        };
        var jobs = namespace == null ? cluster.client().batch().v1().jobs().inAnyNamespace().withLabels(GpuJobs.SELECTOR)
                : cluster.client().batch().v1().jobs().inNamespace(namespace).withLabels(GpuJobs.SELECTOR);
        try (SharedIndexInformer<Job> informer = jobs.inform(handler)) {
            if (timeout == null || timeout.isZero()) {
                new java.util.concurrent.CountDownLatch(1).await();
            } else {
                Thread.sleep(timeout.toMillis());
            }
        }
        return 0;
    }

    private static String key(Job job) {
        return job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
    }
}
