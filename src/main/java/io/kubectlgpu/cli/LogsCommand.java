package io.kubectlgpu.cli;

import io.fabric8.kubernetes.api.model.Pod;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.run.GpuJobRunner;
import io.kubectlgpu.run.GpuJobs;
import io.kubectlgpu.run.JobFollower;
import java.util.Comparator;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", description = {"Print the logs of a GPU Job's pods.", "",
        "Examples:", "  kubectl gpu logs gpu-vectoradd-x7k2p", "  kubectl gpu logs gpu-vectoradd-x7k2p -f", ""})
public class LogsCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME", description = "The Job.")
    String name;

    @Option(names = {"-f", "--follow"}, description = "Stream the logs until the Job ends (picks up restarted containers).")
    boolean follow;

    @Override
    protected int run(Cluster cluster) throws InterruptedException {
        Console console = console();
        String namespace = cluster.namespace();
        GpuJobRunner runner = new GpuJobRunner(cluster.client(), console);
        runner.ours(namespace, name);
        if (follow) {
            return runner.follow(namespace, name, JobFollower.Options.of(true, null), false);
        }
        List<Pod> pods = cluster.client().pods().inNamespace(namespace).withLabel(GpuJobs.JOB_NAME_LABEL, name).list().getItems()
                .stream().sorted(Comparator.comparing(p -> p.getMetadata().getCreationTimestamp())).toList();
        if (pods.isEmpty()) {
            console.info("job " + name + " has no pods (yet)");
        }
        for (Pod pod : pods) {
            if (pods.size() > 1) {
                console.info("==> pod " + pod.getMetadata().getName() + " <==");
            }
            String log = cluster.client().pods().inNamespace(namespace).withName(pod.getMetadata().getName()).getLog();
            if (log != null && !log.isEmpty()) {
                console.out().print(log.endsWith("\n") ? log : log + "\n");
                console.out().flush();
            }
        }
        return 0;
    }
}
