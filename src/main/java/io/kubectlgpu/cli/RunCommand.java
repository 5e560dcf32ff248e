package io.kubectlgpu.cli;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.kubectlgpu.core.DryRun;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.core.KubeNames;
import io.kubectlgpu.core.Selectors;
import io.kubectlgpu.kube.Cluster;
import io.kubectlgpu.output.Console;
import io.kubectlgpu.output.OutputFormat;
import io.kubectlgpu.output.Printer;
import io.kubectlgpu.run.GpuJobRunner;
import io.kubectlgpu.run.GpuJobs;
import io.kubectlgpu.run.JobFollower;
import io.kubectlgpu.run.RunSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "run", sortOptions = false,
        description = {"Run a GPU Job and, with --watch, follow it to its end; the exit code is its outcome.", "",
                "Examples:",
                "  kubectl gpu run --watch                  # NVIDIA's CUDA vectoradd smoke test",
                "  kubectl gpu run --sample mnist-tf -w -f  # the 2020 guide's MNIST, with logs",
                "  kubectl gpu run --gpus 2 --image nvcr.io/nvidia/pytorch:24.05-py3 -- python",
                "  kubectl gpu run --dry-run=client -o yaml", ""})
public class RunCommand extends ClusterCommand {
    @Option(names = "--sample", paramLabel = "NAME", defaultValue = "vectoradd",
            description = "vectoradd (default), mnist-tf or nvidia-smi.")
    String sample;

    @Option(names = "--image", paramLabel = "IMAGE", description = "Run this image instead of a sample; the command follows --.")
    String image;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "Command and arguments for the container, after --.")
    List<String> command = new ArrayList<>();

    @Option(names = "--gpus", paramLabel = "N", defaultValue = "1", description = "nvidia.com/gpu to request. Default: ${DEFAULT-VALUE}.")
    int gpus;

    @Option(names = "--name", paramLabel = "NAME", description = "Job name (default: generated from the sample).")
    String name;

    @Option(names = "--env", paramLabel = "KEY=VALUE", description = "Environment variable for the container. Repeatable.")
    List<String> env = new ArrayList<>();

    @Option(names = {"-l", "--label"}, paramLabel = "KEY=VALUE", description = "Label for the Job and its pods. Repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--node-selector", paramLabel = "KEY=VALUE[,...]", description = "Run only on nodes with these labels.")
    List<String> nodeSelector = new ArrayList<>();

    @Option(names = "--backoff-limit", paramLabel = "N", defaultValue = "2", description = "Retries before the Job fails. Default: ${DEFAULT-VALUE}.")
    int backoffLimit;

    @Option(names = {"-w", "--watch"}, description = "Follow the Job to its end, like kubectl get jobs --watch.")
    boolean watch;

    @Option(names = {"-f", "--follow"}, description = "Stream the pod's logs (implies --watch).")
    boolean follow;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Give up waiting after this long (exit 1); the Job is left running unless --rm.")
    Duration timeout;

    @Option(names = "--rm", description = "Delete the Job and its pods when following ends (also on Ctrl-C).")
    boolean rm;

    @Mixin
    ApplyOptions apply;

    private DryRun dryRun;
    private OutputFormat format;

    @Override
    protected void validate() {
        if (!RunSpec.SAMPLES.contains(sample)) {
            throw GpuException.usage("--sample '" + sample + "' is not one of " + RunSpec.SAMPLES, "or give --image IMAGE -- COMMAND");
        }
        if (gpus < 1) {
            throw GpuException.usage("--gpus " + gpus + " must be 1 or more", "give the number of nvidia.com/gpu the Job needs, e.g. --gpus 1");
        }
        if (backoffLimit < 0) {
            throw GpuException.usage("--backoff-limit " + backoffLimit + " is negative",
                    "give how often a failed pod is retried: 0 (never) or more, e.g. --backoff-limit 2");
        }
        dryRun = apply.dryRun();
        format = apply.format();
        boolean sampleGiven = spec.commandLine().getParseResult().hasMatchedOption("--sample");
        if (image != null) {
            KubeNames.image(image);
            if (sampleGiven) {
                throw GpuException.usage("--image and --sample exclude each other",
                        "--sample runs one of kubectl-gpu's samples with its own image; --image IMAGE -- COMMAND runs yours: give one");
            }
        } else if (!command.isEmpty()) {
            throw GpuException.usage("a COMMAND (" + KubeNames.shorten(String.join(" ", command)) + ") needs --image",
                    "the samples run their own command; to run yours: --image IMAGE -- COMMAND ARGS");
        }
        if (name != null && !name.matches("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?")) {
            throw GpuException.usage("--name '" + name + "' is not a valid Job name", "use lower-case letters, digits and '-', at most 63");
        }
        if (rm && !(watch || follow)) {
            throw GpuException.usage("--rm needs --watch or --follow", "without following, the Job would be deleted at once");
        }
        spec(null);
    }

    private RunSpec spec(String namespace) {
        java.util.Map<String, String> labelMap = Selectors.keyValues("--label", labels);
        KubeNames.labels("--label", labelMap);
        java.util.Map<String, String> selectorMap = Selectors.keyValues("--node-selector", nodeSelector);
        KubeNames.labels("--node-selector", selectorMap);
        java.util.Map<String, String> envMap = Selectors.keyValues("--env", env);
        KubeNames.envNames(envMap);
        return new RunSpec(name, namespace, gpus, sample, image, command,
                envMap, labelMap, selectorMap, backoffLimit);
    }

    @Override
    public Integer call() throws Exception {
        checkFlags();
        if (dryRun == DryRun.CLIENT) {
            // nothing is read from the cluster
            Job job = GpuJobs.render(spec(kube.namespace == null ? "default" : kube.namespace));
            printJob(console(), job, " created (dry run)");
            return 0;
        }
        return connectAndRun();
    }

    @Override
    protected int run(Cluster cluster) throws InterruptedException {
        Console console = console();
        String namespace = cluster.namespace();
        GpuJobRunner runner = new GpuJobRunner(cluster.client(), console);
        Job job = GpuJobs.render(spec(namespace));
        Job created = runner.create(job, dryRun == DryRun.SERVER);
        if (dryRun == DryRun.SERVER) {
            printJob(console, created, " created (server dry run)");
            return 0;
        }
        printJob(console, created, " created");
        if (!(watch || follow)) {
            console.info("follow it with 'kubectl gpu watch " + created.getMetadata().getName() + " -n " + namespace + "'");
            return 0;
        }
        return runner.follow(namespace, created.getMetadata().getName(),
                JobFollower.Options.of(follow, timeout), rm);
    }

    private void printJob(Console console, Job job, String verb) {
        if (format != null) {
            Printer.print(console, format, job);
        } else {
            console.info("job.batch/" + job.getMetadata().getName() + verb);
        }
    }

}
