package io.kubectlgpu.testing;

import io.kubectlgpu.cli.CapturedStreamsProducer;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The test driver of the real command surface: runs `kubectl gpu ARGS` and returns what a user sees. Its
 * toString is the message of every assertion, so a failure shows the whole run.
 *
 * <p>In-process ({@code @QuarkusMainTest}) stdout and stderr are exactly what the command wrote to its out and
 * err ({@link CapturedStreamsProducer}); whatever else reached the console during the launch (framework log
 * lines, of any thread) is kept apart in {@link #console()} and only shown in failure messages. Against the
 * packaged application ({@code @QuarkusMainIntegrationTest}) they are the process' own streams. In-process
 * launches never overlap (Quarkus' console capture and the application are per JVM): a test that needs a
 * second command while one runs uses kubectl for it.
 */
public record Cli(int exitCode, String stdout, String stderr, String console, String args) {
    private static final AtomicBoolean LAUNCHING = new AtomicBoolean();

    public static Cli run(QuarkusMainLauncher launcher, String... args) {
        Path dir = streamsDir();
        try {
            return launch(launcher, dir, args);
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    /**
     * Starts a launch on its own thread (never the common fork-join pool: Quarkus hands the pool's threads the
     * application's class loader at each launch, and cannot when a launch holds the pool's only thread, as on a
     * 2-core machine).
     */
    public static Running start(QuarkusMainLauncher launcher, String... args) {
        if (packaged(launcher)) {
            return startProcess(args);
        }
        Path dir = streamsDir();
        CompletableFuture<Cli> result = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                result.complete(launch(launcher, dir, args));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            } finally {
                TempFiles.deleteRecursively(dir);
            }
        }, "kubectl gpu " + String.join(" ", args));
        thread.setDaemon(true);
        thread.start();
        return new Running(result, dir.resolve("stderr"), String.join(" ", args), null);
    }

    /**
     * {@code @QuarkusMainIntegrationTest}'s launcher runs the packaged app but hands back its output only when it has
     * ended, and a test of a running command reads its stderr as it is written: so the packaged app is started here,
     * as {@link PackagedApp} runs it, with its streams in files.
     */
    private static boolean packaged(QuarkusMainLauncher launcher) {
        return launcher.getClass().getName().startsWith("io.quarkus.test.junit.QuarkusMainIntegrationTestExtension");
    }

    private static Running startProcess(String... args) {
        Path dir = streamsDir();
        Path out = dir.resolve("stdout");
        Path err = dir.resolve("stderr");
        Process process;
        try {
            process = PackagedApp.process(java.util.List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        } catch (IOException e) {
            TempFiles.deleteRecursively(dir);
            throw new UncheckedIOException(e);
        }
        CompletableFuture<Cli> result = process.onExit().thenApply(ended -> {
            try {
                return new Cli(ended.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                        "", String.join(" ", args));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                TempFiles.deleteRecursively(dir);
            }
        });
        return new Running(result, err, String.join(" ", args), process);
    }

    /**
     * A launch in progress. Closing it stops a packaged app that still runs (a failed test must not leave it behind);
     * an in-process launch cannot be stopped and ends by its own --timeout.
     */
    public record Running(CompletableFuture<Cli> result, Path stderrFile, String args, Process process) implements AutoCloseable {
        @Override
        public void close() {
            if (process != null && process.isAlive()) {
                process.destroyForcibly();
            }
        }

        /** Waits until the command has written {@code text} to stderr. */
        public void awaitStderr(Duration timeout, String text) {
            Await.until(timeout, "kubectl gpu " + args + " writes '" + text + "' to stderr", () -> {
                if (result.isDone()) {
                    throw new AssertionError("kubectl gpu " + args + " ended before writing '" + text + "': " + result.join());
                }
                try {
                    return Files.exists(stderrFile) && Files.readString(stderrFile, StandardCharsets.UTF_8).contains(text);
                } catch (IOException e) {
                    return false; // removed as the launch ended; the next look sees the result
                }
            });
        }

        public Cli get(Duration timeout) throws InterruptedException, ExecutionException, TimeoutException {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        public boolean isDone() {
            return result.isDone();
        }
    }

    private static Path streamsDir() {
        try {
            return Files.createTempDirectory("kubectl-gpu-cli");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Cli launch(QuarkusMainLauncher launcher, Path dir, String... args) {
        if (packaged(launcher)) { // a process of its own: launches may overlap
            return launchPackaged(launcher, args);
        }
        if (!LAUNCHING.compareAndSet(false, true)) {
            throw new IllegalStateException("another in-process launch is running; launches must not overlap: kubectl gpu " + String.join(" ", args));
        }
        try {
            Path out = dir.resolve("stdout");
            Path err = dir.resolve("stderr");
            System.setProperty(CapturedStreamsProducer.STDOUT, out.toString());
            System.setProperty(CapturedStreamsProducer.STDERR, err.toString());
            LaunchResult r = launcher.launch(args);
            if (Files.exists(out)) { // in-process: the command's own streams
                String console = (r.getOutput() + "\n" + r.getErrorOutput()).strip();
                return new Cli(r.exitCode(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8),
                        console, String.join(" ", args));
            }
            return new Cli(r.exitCode(), r.getOutput(), r.getErrorOutput(), "", String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            System.clearProperty(CapturedStreamsProducer.STDOUT);
            System.clearProperty(CapturedStreamsProducer.STDERR);
            LAUNCHING.set(false);
        }
    }

    private static Cli launchPackaged(QuarkusMainLauncher launcher, String... args) {
        LaunchResult r = launcher.launch(args);
        return new Cli(r.exitCode(), r.getOutput(), r.getErrorOutput(), "", String.join(" ", args));
    }

    @Override
    public String toString() {
        return "\n$ kubectl gpu " + args + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr
                + (console.isEmpty() ? "" : "\n--- console during the launch (not the command's output) ---\n" + console);
    }
}
