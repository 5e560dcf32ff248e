package io.kubectlgpu.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * Starts an informer (its first list and watch done when this returns) that retries after any failure once it
     * has started, and records why it failed. A failure before that is retried here when it is the network, 410 Gone
     * or an overloaded server, for at most {@link #START_PATIENCE} (saying so after {@link #QUIET_NANOS}); any other
     * ends the command. The client's own retry of a first watch that failed never completed its start (a 410 Gone on
     * the first Job watch kept `run --watch --timeout 3m` waiting for good: FaultsIT), so each attempt is a new
     * informer, and the wait for it is bounded.
     */
    public <T> SharedIndexInformer<T> inform(Informable<T> what, ResourceEventHandler<? super T> handler) {
        long since = System.nanoTime();
        boolean told = false;
        while (true) {
            SharedIndexInformer<T> informer = what.runnableInformer(0);
            informer.addEventHandler(handler);
            informer.exceptionHandler((started, t) -> {
                GpuException known = ApiErrors.translate(t, null, null);
                lastFailure = known != null ? known.getMessage() : t.getClass().getSimpleName();
                // once started, every failure is retried (410 Gone re-lists, as client-go does); before, this decides
                return started;
            });
            try {
                awaitStart(informer, since);
                informers.add(informer);
                if (told) {
                    sayBack(since);
                }
                return informer;
            } catch (RuntimeException e) {
                informer.close();
                long waited = System.nanoTime() - since;
                if (!transientFailure(e) || waited >= START_PATIENCE.toNanos() || Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (!told && waited >= QUIET_NANOS) {
                    told = true;
                    sayUnreachable();
                }
                try {
                    Thread.sleep(500);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /**
     * Waits until the informer has listed and watches, or has stopped: an informer stopped by a failure of its first
     * watch (410 Gone) never completes its start, so the start alone cannot be waited for.
     */
    private static void awaitStart(SharedIndexInformer<?> informer, long since) {
        CompletableFuture<Void> start = informer.start().toCompletableFuture();
        CompletableFuture<Void> stopped = informer.stopped().toCompletableFuture();
        while (true) {
            try {
                CompletableFuture.anyOf(start, stopped).get(1, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() - since >= START_PATIENCE.toNanos()) {
                    throw new KubernetesClientException("the watch did not start within " + Durations.human(START_PATIENCE), e);
                }
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new KubernetesClientException(e.getCause().getMessage(), e.getCause());
            }
            if (start.isDone() && !start.isCompletedExceptionally()) {
                return;
            }
            throw new KubernetesClientException("the watch stopped before it started");
        }
    }

    /** How long the first list and watch of a wait are retried after failures that may pass. */
    static final Duration START_PATIENCE = Duration.ofSeconds(60);

    private static boolean transientFailure(Throwable t) {
        if (gone(t)) {
            return true;
        }
        GpuException known = ApiErrors.translate(t, null, null);
        return known != null && known.getMessage() != null && (known.getMessage().startsWith("cannot reach the API server")
                || known.getMessage().contains(" answered 429 ") || known.getMessage().matches(".* answered 5\\d\\d .*"));
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
                sayBack(downSince);
            }
            downSince = -1;
            reported = false;
            return;
        }
        if (downSince < 0) {
            downSince = now;
        } else if (!reported && now - downSince >= QUIET_NANOS) {
            reported = true;
            sayUnreachable();
        }
    }

    private void sayUnreachable() {
        String why = lastFailure != null ? lastFailure.replaceFirst("^cannot reach the API server at the cluster: ", "") : "no answer";
        console.warn("cannot reach the API server at " + client.getConfiguration().getMasterUrl() + " (" + why + "); "
                + waitingFor + " goes on, retrying until it answers");
    }

    private void sayBack(long since) {
        console.warn("the API server answers again after " + Durations.human(Duration.ofNanos(System.nanoTime() - since))
                + "; " + waitingFor + " goes on");
    }
}
