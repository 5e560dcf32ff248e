package io.kubectlgpu.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "completion", description = {"Print a shell completion script (bash or zsh).", "",
        "Examples:", "  source <(kubectl-gpu completion bash)",
        "  kubectl-gpu completion zsh > \"${fpath[1]}/_kubectl-gpu\""})
public class CompletionCommand extends BaseCommand {
    @Parameters(paramLabel = "SHELL", description = "bash or zsh", defaultValue = "bash")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw io.kubectlgpu.core.GpuException.usage("shell '" + shell + "' is not supported", "use bash or zsh");
        }
        // picocli's script serves both: zsh loads it through bashcompinit
        console().out().print(AutoComplete.bash("kubectl-gpu", spec.root().commandLine()));
        console().out().flush();
        return 0;
    }
}
