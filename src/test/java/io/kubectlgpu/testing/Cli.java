package io.kubectlgpu.testing;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;

/**
 * The test driver of the real command surface: runs `kubectl gpu ARGS` in-process and returns what a
 * user sees. Its toString is the message of every assertion, so a failure shows the whole run.
 */
public record Cli(int exitCode, String stdout, String stderr, String args) {
    public static Cli run(QuarkusMainLauncher launcher, String... args) {
        LaunchResult r = launcher.launch(args);
        return new Cli(r.exitCode(), r.getOutput(), r.getErrorOutput(), String.join(" ", args));
    }

    @Override
    public String toString() {
        return "\n$ kubectl gpu " + args + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
