package io.kubectlgpu.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.run.GpuJobRunner;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "delete", description = {"Delete GPU Jobs that kubectl gpu run created, with their pods.", "",
        "Examples:", "  kubectl gpu delete gpu-vectoradd-x7k2p", "  kubectl gpu delete --all -n ml", ""})
public class DeleteCommand extends ClusterCommand {
    @Parameters(paramLabel = "NAME", arity = "0..*", description = "Jobs to delete.")
    List<String> names = List.of();

    @Option(names = "--all", description = "Every kubectl-gpu Job in the namespace.")
    boolean all;

    @Override
    protected void validate() {
        if (all == !names.isEmpty()) {
            throw GpuException.usage("give Job names or --all", "e.g. kubectl gpu delete gpu-vectoradd-x7k2p");
        }
    }

    @Override
    protected int run(Cluster cluster) {
        Console console = console();
        String namespace = cluster.namespace();
        GpuJobRunner runner = new GpuJobRunner(cluster.client(), console);
        // check every name first: nothing is deleted when one of them is wrong
        List<Job> jobs = all ? runner.all(namespace) : names.stream().map(n -> runner.ours(namespace, n)).toList();
        if (jobs.isEmpty()) {
            console.info("no kubectl-gpu jobs in namespace " + namespace);
        }
        for (Job job : jobs) {
            runner.delete(namespace, job.getMetadata().getName());
            console.data("job.batch/" + job.getMetadata().getName() + " deleted");
        }
        return 0;
    }
}
