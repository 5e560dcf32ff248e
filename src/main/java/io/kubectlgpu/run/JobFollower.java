package io.kubectlgpu.run;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.gpu.GpuCapacity;
import io.kubectlgpu.gpu.PodStates;
import io.kubectlgpu.kube.PodLogs;
import io.kubectlgpu.kube.Reachability;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.verify.ClusterSnapshot;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Follows one GPU Job to its end, like `kubectl get jobs --watch` plus pod phases and logs. It watches
 * (informers: list, then watch; after a dropped connection or 410 Gone they re-list), never polls, and
 * prints a line only when what it shows has changed, so a re-list neither repeats nor loses a state.
 */
public final class JobFollower {
    public enum Outcome { COMPLETE, FAILED, TIMED_OUT, DELETED }

    /** @param timeout null waits as long as the Job runs */
    public record Options(boolean followLogs, Duration timeout) {
        /** A missing or zero --timeout waits as long as the Job runs. */
        public static Options of(boolean followLogs, Duration timeout) {
            return new Options(followLogs, timeout == null || timeout.isZero() ? null : timeout);
        }
    }

    record Event(Object object, boolean deleted) {
    }

    private final KubernetesClient client;
    private final Console console;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<String, String> podStates = new HashMap<>();
    private final Set<String> explained = new HashSet<>();
    private final Set<String> streamed = new HashSet<>();
    private final List<LogWatch> logWatches = new ArrayList<>();
    private String lastJobLine;
    private Job lastJob;
    private String pendingExplanation;

    public JobFollower(KubernetesClient client, Console console) {
        this.client = client;
        this.console = console;
    }

    public Outcome follow(String namespace, String name, Options options) throws InterruptedException {
        long deadline = options.timeout() == null ? Long.MAX_VALUE : System.nanoTime() + options.timeout().toNanos();
        ResourceEventHandler<Job> jobs = handler();
        ResourceEventHandler<Pod> pods = handler();
        Reachability reachability = new Reachability(client, console, "following job " + name);
        try (SharedIndexInformer<Job> jobInformer = reachability.inform(client.batch().v1().jobs().inNamespace(namespace).withName(name), jobs);
                SharedIndexInformer<Pod> podInformer = reachability.inform(client.pods().inNamespace(namespace)
                        .withLabel(GpuJobs.JOB_NAME_LABEL, name), pods)) {
            // what both lists found, in the order it was written (resourceVersion): the Job's 0/1 before its pod's
            // Succeeded, whichever informer delivers first; their own notifications of it then change nothing
            List<Event> initial = new ArrayList<>();
            jobInformer.getStore().list().forEach(j -> initial.add(new Event(j, false)));
            podInformer.getStore().list().forEach(p -> initial.add(new Event(p, false)));
            Outcome outcome = handle(initial, options);
            while (outcome == null) {
                reachability.check();
                long left = deadline - System.nanoTime();
                Event event = left <= 0 ? null : events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (event == null) {
                    if (System.nanoTime() >= deadline) {
                        return timedOut(options.timeout());
                    }
                    continue;
                }
                // events that arrived together are shown in the order they happened on the server
                List<Event> batch = new ArrayList<>(List.of(event));
                events.drainTo(batch);
                outcome = handle(batch, options);
            }
            return outcome;
        } finally {
            logWatches.forEach(LogWatch::close);
        }
    }

    private Outcome handle(List<Event> batch, Options options) throws InterruptedException {
        for (Event event : inServerOrder(batch)) {
            if (event.object() instanceof Job job && !event.deleted()) {
                Outcome outcome = onJob(job);
                if (outcome != null) {
                    drainLogs(options.followLogs());
                    return outcome;
                }
            } else if (event.object() instanceof Pod pod && !event.deleted()) {
                onPod(pod, options.followLogs());
            } else if (event.object() instanceof Job && event.deleted()) {
                return Outcome.DELETED;
            }
        }
        return null;
    }

    /**
     * The events of Job and pods in the order they were written on the server (etcd's revision orders all objects),
     * whichever informer delivered them first: the Job's 0/1 before its pod's Succeeded, not after it.
     */
    static List<Event> inServerOrder(List<Event> batch) {
        List<Event> ordered = new ArrayList<>(batch);
        ordered.sort(java.util.Comparator.comparingLong(JobFollower::resourceVersion));
        return ordered;
    }

    /** etcd's revision, one counter for all objects; objects without one sort first. */
    private static long resourceVersion(Event event) {
        try {
            return Long.parseLong(((io.fabric8.kubernetes.api.model.HasMetadata) event.object()).getMetadata().getResourceVersion());
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private <T> ResourceEventHandler<T> handler() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                events.add(new Event(obj, false));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                events.add(new Event(newObj, false));
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                events.add(new Event(obj, true));
            }
        };
    }

    private Outcome onJob(Job job) {
        lastJob = job;
        String finished = GpuJobs.finished(job);
        // what the line shows, without the clock: a re-list of an unchanged Job prints nothing
        String state = GpuJobs.completions(job) + "|" + finished + "|" + (job.getStatus() == null ? "" : job.getStatus().getActive());
        if (!state.equals(lastJobLine)) {
            if (lastJobLine == null) {
                console.data(JobTable.header(job.getMetadata().getName()));
            }
            console.data(JobTable.line(job, Instant.now()));
            lastJobLine = state;
        }
        if ("Complete".equals(finished)) {
            return Outcome.COMPLETE;
        }
        if ("Failed".equals(finished)) {
            console.err().println("job " + job.getMetadata().getName() + " failed: " + GpuJobs.failure(job));
            lastPod().ifPresent(p -> {
                List<String> lines = PodLogs.lastLines(client, p, 5);
                if (!lines.isEmpty()) {
                    console.err().println("last log lines of " + p.getMetadata().getName() + ":");
                    lines.forEach(l -> console.err().println("  " + l));
                }
            });
            console.err().flush();
            return Outcome.FAILED;
        }
        return null;
    }

    private void onPod(Pod pod, boolean followLogs) {
        String name = pod.getMetadata().getName();
        int restarts = PodStates.restarts(pod);
        String state = PodStates.state(pod) + (restarts > 0 ? " (restarts: " + restarts + ")" : "");
        String before = podStates.put(name, state);
        if (!state.equals(before)) {
            console.info("pod " + name + ": " + (before == null ? "" : before + " -> ") + state
                    + (PodStates.nodeName(pod) == null ? "" : " on " + PodStates.nodeName(pod)));
        }
        if (PodStates.nodeName(pod) == null && PodStates.unschedulableMessage(pod).isPresent() && explained.add(name)) {
            // the same reading of the cluster as verify: nodes, plugins, GPU pods
            ClusterSnapshot snapshot = ClusterSnapshot.read(client);
            pendingExplanation = new GpuCapacity(snapshot.nodes(), snapshot.gpuPods()).explainPending(pod);
            console.warn("pod " + name + " cannot be scheduled: " + pendingExplanation);
        }
        if (followLogs) {
            streamLogs(pod);
        }
    }

    /** One log stream per container instance: a restarted container is picked up as a new stream. */
    private void streamLogs(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return;
        }
        for (ContainerStatus cs : pod.getStatus().getContainerStatuses()) {
            boolean started = cs.getState() != null && (cs.getState().getRunning() != null || cs.getState().getTerminated() != null);
            String key = pod.getMetadata().getName() + "/" + cs.getName() + "#" + cs.getRestartCount();
            if (started && streamed.add(key)) {
                logWatches.add(client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
                        .inContainer(cs.getName()).watchLog(new LineWriter(console)));
            }
        }
    }

    /** Logs may still be in flight when the Job completes: give the streams a moment to deliver them. */
    private void drainLogs(boolean followLogs) throws InterruptedException {
        if (followLogs && !logWatches.isEmpty()) {
            Thread.sleep(500);
        }
    }

    private Outcome timedOut(Duration timeout) {
        StringBuilder why = new StringBuilder("timed out after " + Durations.human(timeout));
        if (lastJob != null) {
            why.append(": job ").append(lastJob.getMetadata().getName()).append(" is at ").append(GpuJobs.completions(lastJob));
        }
        if (pendingExplanation != null) {
            why.append("; its pod cannot be scheduled: ").append(pendingExplanation);
        }
        console.err().println(why);
        console.err().flush();
        return Outcome.TIMED_OUT;
    }

    private java.util.Optional<Pod> lastPod() {
        if (lastJob == null) {
            return java.util.Optional.empty();
        }
        return client.pods().inNamespace(lastJob.getMetadata().getNamespace())
                .withLabel(GpuJobs.JOB_NAME_LABEL, lastJob.getMetadata().getName()).list().getItems().stream()
                .max(java.util.Comparator.comparing(p -> OffsetDateTime.parse(p.getMetadata().getCreationTimestamp())));
    }

    /** Log bytes to stdout line by line. */
    private static final class LineWriter extends OutputStream {
        private final Console console;
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        LineWriter(Console console) {
            this.console = console;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                flushLine();
            } else {
                line.write(b);
            }
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            for (int i = off; i < off + len; i++) {
                write(b[i]);
            }
        }

        @Override
        public synchronized void close() {
            if (line.size() > 0) {
                flushLine();
            }
        }

        private void flushLine() {
            console.data(line.toString(StandardCharsets.UTF_8));
            line.reset();
        }
    }
}
