package io.kubectlgpu.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Watches that wait for something (a rollout, a Job, GPUs) and tell the user when the API server goes
 * away and comes back. The informers re-list and re-watch on their own (a dropped connection, a restart,
 * 410 Gone); without this the user would see nothing for as long as the server is gone. Call
 * {@link #check()} from the wait loop (at least once a second).
 */
public final class Reachability {
    /** How long every watch may be down before the user is told: a reconnect after a dropped connection is quicker. */
    private static final long QUIET_NANOS = Duration.ofSeconds(2).toNanos();

    private final KubernetesClient client;
    private final Console console;
    private final String waitingFor;
    private final List<SharedIndexInformer<?>> informers = new CopyOnWriteArrayList<>();
    private volatile String lastFailure;
    private long downSince = -1;
    private boolean reported;

    /** @param waitingFor what goes on waiting meanwhile, e.g. "the rollout wait" */
    public Reachability(KubernetesClient client, Console console, String waitingFor) {
        this.client = client;
        this.console = console;
        this.waitingFor = waitingFor;
    }

    /** Starts an informer that retries after any failure once it has listed, and records why it failed. */
    public <T> SharedIndexInformer<T> inform(Informable<T> what, ResourceEventHandler<? super T> handler) {
        SharedIndexInformer<T> informer = what.runnableInformer(0);
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, t) -> {
            GpuException known = ApiErrors.translate(t, null, null);
            lastFailure = known != null ? known.getMessage() : t.getClass().getSimpleName();
            // a failure of the first list ends the command (run() throws it); later ones, and 410 Gone (the watch
            // fell behind: re-list, as client-go does), are retried
            return started || gone(t);
        });
        informers.add(informer);
        informer.run();
        return informer;
    }

    private static boolean gone(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof io.fabric8.kubernetes.client.WatcherException w && w.isHttpGone()
                    || c instanceof io.fabric8.kubernetes.client.KubernetesClientException k && k.getCode() == 410) {
                return true;
            }
        }
        return false;
    }

    /** Says once when the watches have been down a moment, and once when they are back. */
    public synchronized void check() {
        boolean allWatching = informers.stream().allMatch(SharedIndexInformer::isWatching);
        long now = System.nanoTime();
        if (allWatching) {
            if (reported) {
                console.warn("the API server answers again after " + Durations.human(Duration.ofNanos(now - downSince))
                        + "; " + waitingFor + " goes on");
            }
            downSince = -1;
            reported = false;
            return;
        }
        if (downSince < 0) {
            downSince = now;
        } else if (!reported && now - downSince >= QUIET_NANOS) {
            reported = true;
            String why = lastFailure != null ? lastFailure.replaceFirst("^cannot reach the API server at the cluster: ", "")
                    : "no answer";
            console.warn("cannot reach the API server at " + client.getConfiguration().getMasterUrl() + " (" + why + "); "
                    + waitingFor + " goes on, retrying until it answers");
        }
    }
}
