package io.kubectlgpu.cli;

import io.kubectlgpu.core.ClientLogs;
import io.kubectlgpu.output.Colors;
import io.kubectlgpu.output.Console;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** What every leaf command has: -v, --color, and a Console over picocli's out/err. */
public abstract class BaseCommand implements Callable<Integer> {
    @Spec
    protected CommandSpec spec;

    @Mixin
    protected CommonOptions common;

    /** Whether stdout is read by programs (-o json|yaml): then progress stays off stderr. */
    protected boolean machineReadableOutput() {
        return spec.mixins().values().stream().map(CommandSpec::userObject)
                .anyMatch(o -> o instanceof OutputOptions output && output.format().machineReadable()
                        || o instanceof ApplyOptions apply && apply.machineReadable());
    }

    protected Console console() {
        if (common.verbose) {
            ClientLogs.verbose();
        }
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), machineReadableOutput(),
                common.verbose, Colors.forMode(common.color));
    }
}
