package io.kubectlgpu.run;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.core.Interrupts;
import io.kubectlgpu.kube.ApiErrors;
import io.kubectlgpu.output.Console;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Creates GPU Jobs, follows them to their end, and cleans them up. */
public final class GpuJobRunner {
    private final KubernetesClient client;
    private final Console console;

    public GpuJobRunner(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    public Job create(Job job, boolean serverDryRun) {
        var resource = client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job);
        return serverDryRun ? resource.dryRun().create() : resource.create();
    }

    /**
     * Follows the Job; Ctrl-C stops following and leaves the Job running (or deletes it with rm).
     *
     * @return the exit code: 0 complete, 1 failed or timed out
     */
    public int follow(String namespace, String name, JobFollower.Options options, boolean rm) throws InterruptedException {
        AtomicBoolean finished = new AtomicBoolean();
        CountDownLatch interruptHandled = new CountDownLatch(1);
        // Ctrl-C is handled here, before the application shuts down, while the client still works
        JobFollower.Outcome outcome;
        try (Interrupts.Handle interrupt = Interrupts.during(() -> {
            try {
                if (finished.getAndSet(true)) {
                    return;
                }
                console.err().println();
                if (rm) {
                    deleteOnInterrupt(namespace, name);
                } else {
                    console.err().println("interrupted: job " + name + " keeps running; follow it with 'kubectl gpu watch "
                            + name + " -n " + namespace + "', remove it with 'kubectl gpu delete " + name + " -n " + namespace + "'");
                }
                console.err().flush();
            } finally {
                interruptHandled.countDown();
            }
        })) {
            outcome = new JobFollower(client, console).follow(namespace, name, options);
        }
        if (finished.getAndSet(true)) {
            // Ctrl-C won the race: let its handler finish (and exit with 130) before this thread ends the process
            interruptHandled.await(30, TimeUnit.SECONDS);
            throw new GpuException(ExitCode.INTERRUPTED, null);
        }
        if (outcome == JobFollower.Outcome.DELETED) {
            console.warn("job " + namespace + "/" + name + " was deleted while it was followed");
            return ExitCode.CONDITION_FAILED.code;
        }
        if (rm) {
            delete(namespace, name);
            console.info("job " + name + " deleted (--rm)");
        }
        return outcome == JobFollower.Outcome.COMPLETE ? ExitCode.OK.code : ExitCode.CONDITION_FAILED.code;
    }

    /** --rm on Ctrl-C: delete the Job, or say plainly that it could not be deleted and how to do it. */
    private void deleteOnInterrupt(String namespace, String name) {
        try {
            delete(namespace, name);
            console.err().println("interrupted: job " + name + " deleted (--rm)");
        } catch (RuntimeException e) {
            GpuException why = ApiErrors.translate(e, client.getConfiguration().getMasterUrl(), null);
            console.err().println("interrupted: job " + name + " could NOT be deleted (--rm): "
                    + (why != null ? why.getMessage() : e.getClass().getSimpleName()));
            console.err().println("  it may still run; delete it when the cluster answers: kubectl gpu delete " + name + " -n " + namespace);
        }
    }

    /** Deletes a Job kubectl-gpu created, with its pods. */
    public void delete(String namespace, String name) {
        client.batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        client.pods().inNamespace(namespace).withLabel(GpuJobs.JOB_NAME_LABEL, name).delete();
    }

    /** The Job, which must exist and be kubectl-gpu's. */
    public Job ours(String namespace, String name) {
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
        if (job == null) {
            throw new GpuException(ExitCode.USAGE, "job \"" + name + "\" not found in namespace " + namespace,
                    "list kubectl-gpu's jobs with 'kubectl gpu watch -n " + namespace + "'");
        }
        if (!io.kubectlgpu.gpu.Labels.managedByUs(job)) {
            throw new GpuException(ExitCode.USAGE, "job \"" + name + "\" in namespace " + namespace + " was not created by kubectl gpu run",
                    "use kubectl for jobs kubectl-gpu does not manage");
        }
        return job;
    }

    public List<Job> all(String namespace) {
        var jobs = namespace == null ? client.batch().v1().jobs().inAnyNamespace().withLabels(GpuJobs.SELECTOR)
                : client.batch().v1().jobs().inNamespace(namespace).withLabels(GpuJobs.SELECTOR);
        return jobs.list().getItems();
    }

}
