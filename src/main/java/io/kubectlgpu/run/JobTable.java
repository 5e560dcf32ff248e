package io.kubectlgpu.run;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubectlgpu.core.Durations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;

/** The NAME COMPLETIONS DURATION AGE lines of `kubectl get jobs --watch`. */
public final class JobTable {
    private JobTable() {
    }

    public static String header(String widestName) {
        return format("NAME", "COMPLETIONS", "DURATION", "AGE", widestName.length());
    }

    public static String line(Job job, Instant now) {
        return format(job.getMetadata().getName(), GpuJobs.completions(job), duration(job, now), age(job, now),
                job.getMetadata().getName().length());
    }

    private static String format(String name, String completions, String duration, String age, int nameWidth) {
        int w = Math.max(nameWidth, 4) + 3;
        return String.format("%-" + w + "s%-14s%-11s%s", name, completions, duration, age);
    }

    static String duration(Job job, Instant now) {
        if (job.getStatus() == null || job.getStatus().getStartTime() == null) {
            return "";
        }
        Instant start = OffsetDateTime.parse(job.getStatus().getStartTime()).toInstant();
        Instant end = job.getStatus().getCompletionTime() != null
                ? OffsetDateTime.parse(job.getStatus().getCompletionTime()).toInstant() : now;
        return Durations.human(Duration.between(start, end));
    }

    static String age(Job job, Instant now) {
        return Durations.human(Duration.between(OffsetDateTime.parse(job.getMetadata().getCreationTimestamp()).toInstant(), now));
    }
}
