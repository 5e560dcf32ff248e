package io.kubectlgpu.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.kubectlgpu.run.JobFollower.Event;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Pure logic: run --watch shows what the Job and pod informers deliver in the order it was written on the server,
 * whichever informer delivered it first (issue 15: the pod's Succeeded line came before the Job's 0/1 row).
 */
class JobFollowerOrderTest {
    private static Job job(String resourceVersion, int succeeded) {
        return new JobBuilder().withNewMetadata().withName("j").withResourceVersion(resourceVersion).endMetadata()
                .withNewStatus().withSucceeded(succeeded).endStatus().build();
    }

    private static Pod pod(String resourceVersion, String phase) {
        return new PodBuilder().withNewMetadata().withName("j-abcde").withResourceVersion(resourceVersion).endMetadata()
                .withNewStatus().withPhase(phase).endStatus().build();
    }

    @Test
    void eventsAreShownInTheOrderTheServerWroteThem() {
        Event jobRunning = new Event(job("100", 0), false);
        Event podSucceeded = new Event(pod("104", "Succeeded"), false);
        Event jobComplete = new Event(job("107", 1), false);
        // the pod informer delivered first, then the Job informer both of the Job's states
        List<Event> delivered = List.of(podSucceeded, jobComplete, jobRunning);

        assertEquals(List.of(jobRunning, podSucceeded, jobComplete), JobFollower.inServerOrder(delivered));
    }

    @Test
    void anObjectWithoutResourceVersionComesFirstAndTiesKeepTheirOrder() {
        Event created = new Event(job(null, 0), false);
        Event a = new Event(pod("5", "Pending"), false);
        Event b = new Event(pod("5", "Running"), false);

        assertEquals(List.of(created, a, b), JobFollower.inServerOrder(List.of(a, created, b)));
    }
}
