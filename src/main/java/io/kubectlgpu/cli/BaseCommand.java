package io.kubectlgpu.cli;

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

    /** Overridden by commands whose stdout may be read by programs. */
    protected boolean machineReadableOutput() {
        return false;
    }

    protected Console console() {
        return new Console(spec.commandLine().getOut(), spec.commandLine().getErr(), machineReadableOutput(),
                common.verbose, Colors.forMode(common.color));
    }
}
