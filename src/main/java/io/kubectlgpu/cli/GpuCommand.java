package io.kubectlgpu.cli;

import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

@TopCommand
@Command(name = "kubectl gpu",
        mixinStandardHelpOptions = true,
        versionProvider = VersionCommand.Provider.class,
        header = "Make GPUs on Kubernetes work: install the NVIDIA device plugin, verify, run GPU Jobs, provision AKS.",
        description = {
                "",
                "Examples:",
                "  kubectl gpu install               # the NVIDIA device plugin on every GPU node",
                "  kubectl gpu verify --min-gpus 1   # are GPUs schedulable? and if not, why",
                "  kubectl gpu verify --probe        # does every GPU really work?",
                "  kubectl gpu ps -A                 # who holds the GPUs",
                "  kubectl gpu run --watch --follow  # a CUDA smoke test, followed to its end",
                ""},
        footer = {"", "Exit codes: 0 ok, 1 a checked condition does not hold, 2 usage error, "
                + "3 cluster or Azure unreachable/forbidden, 4 internal error, 130 interrupted."},
        subcommands = {
                InstallCommand.class,
                VerifyCommand.class,
                PsCommand.class,
                RunCommand.class,
                WatchCommand.class,
                LogsCommand.class,
                DeleteCommand.class,
                UninstallCommand.class,
                VersionCommand.class,
                CompletionCommand.class,
                io.kubectlgpu.cli.aks.AksCommand.class,
        })
public class GpuCommand {
}
