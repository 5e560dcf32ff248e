package io.kubectlgpu.run;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatus;
import io.kubectlgpu.gpu.Labels;
import io.kubectlgpu.manifest.PluginManifests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Renders GPU Jobs from the sample manifests of plugin-manifest/samples/, and reads their state. */
public final class GpuJobs {
    /** The label the Job controller puts on a Job's pods. */
    public static final String JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
    public static final String COMPONENT = "app.kubernetes.io/component";
    /** Selects the Jobs kubectl-gpu created. */
    public static final Map<String, String> SELECTOR = Map.of(Labels.MANAGED_BY, Labels.KUBECTL_GPU, COMPONENT, "gpu-job");

    private GpuJobs() {
    }

    public static Job render(RunSpec spec) {
        Job job = PluginManifests.load("samples/" + spec.sample() + ".yaml", Job.class);
        job.getMetadata().setName(spec.name() != null ? spec.name() : generatedName(job.getMetadata().getName()));
        job.getMetadata().setNamespace(spec.namespace());
        job.getSpec().setBackoffLimit(spec.backoffLimit());
        Map<String, String> labels = new LinkedHashMap<>(job.getMetadata().getLabels());
        labels.putAll(spec.labels());
        job.getMetadata().setLabels(labels);
        Map<String, String> podLabels = new LinkedHashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
        podLabels.putAll(spec.labels());
        job.getSpec().getTemplate().getMetadata().setLabels(podLabels);

        PodSpec pod = job.getSpec().getTemplate().getSpec();
        pod.setTolerations(gpuTolerations());
        if (!spec.nodeSelector().isEmpty()) {
            pod.setNodeSelector(new LinkedHashMap<>(spec.nodeSelector()));
        }
        Container c = pod.getContainers().getFirst();
        if (spec.image() != null) {
            c.setImage(spec.image());
            c.setCommand(null);
            c.setArgs(null);
        }
        if (!spec.command().isEmpty()) {
            c.setCommand(List.of(spec.command().getFirst()));
            c.setArgs(spec.command().size() > 1 ? List.copyOf(spec.command().subList(1, spec.command().size())) : null);
        }
        c.getResources().setLimits(new LinkedHashMap<>(Map.of(Labels.GPU_RESOURCE, new Quantity(String.valueOf(spec.gpus())))));
        if (!spec.env().isEmpty()) {
            List<EnvVar> env = new ArrayList<>();
            spec.env().forEach((k, v) -> env.add(new EnvVar(k, v, null)));
            c.setEnv(env);
        }
        return job;
    }

    /** The taint of nodes kept for cluster add-ons: the device plugin tolerates it, workloads do not. */
    public static final String CRITICAL_ADDONS_ONLY = "CriticalAddonsOnly";

    /**
     * The GPU tolerations of the device plugin manifest (nvidia.com/gpu, AKS sku=gpu, spot): a GPU Job
     * must land where the plugin does. CriticalAddonsOnly is for add-ons, not workloads.
     */
    public static List<Toleration> gpuTolerations() {
        DaemonSet ds = PluginManifests.load(PluginManifests.DAEMONSET, DaemonSet.class);
        return ds.getSpec().getTemplate().getSpec().getTolerations().stream()
                .filter(t -> !CRITICAL_ADDONS_ONLY.equals(t.getKey())).toList();
    }

    /** Like kubectl's generateName: a unique suffix, not a secret; drawn at run time, never frozen into the native image. */
    private static String generatedName(String base) {
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder sb = new StringBuilder(base).append('-');
        for (int i = 0; i < 5; i++) {
            sb.append(alphabet.charAt(ThreadLocalRandom.current().nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    /** Complete, Failed or null while it runs. */
    public static String finished(Job job) {
        JobStatus s = job.getStatus();
        if (s == null || s.getConditions() == null) {
            return null;
        }
        for (var c : s.getConditions()) {
            if ("True".equals(c.getStatus()) && ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))) {
                return c.getType();
            }
        }
        return null;
    }

    /** The Failed condition's reason and message, e.g. "BackoffLimitExceeded: Job has reached the specified backoff limit". */
    public static String failure(Job job) {
        return job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage())).findFirst().orElse("failed");
    }

    /** "1/1", as kubectl get jobs shows COMPLETIONS. */
    public static String completions(Job job) {
        int completions = job.getSpec().getCompletions() == null ? 1 : job.getSpec().getCompletions();
        int succeeded = job.getStatus() == null || job.getStatus().getSucceeded() == null ? 0 : job.getStatus().getSucceeded();
        return succeeded + "/" + completions;
    }
}
