package io.kubectlgpu.faults;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * The packaged kubectl-gpu as a separate process, as a user runs it: signals reach it, and what it writes is
 * read while it runs (a test waits for a line, then injects the fault). Killed by {@link #close()} if still alive.
 */
final class Proc implements AutoCloseable {
    private final Process process;
    private final StringBuffer stdout = new StringBuffer();
    private final StringBuffer stderr = new StringBuffer();
    private final Thread outReader;
    private final Thread errReader;
    private final String args;

    private Proc(Process process, String args) {
        this.process = process;
        this.args = args;
        this.outReader = reader(process.getInputStream(), stdout);
        this.errReader = reader(process.getErrorStream(), stderr);
    }

    /** The executable mvn package writes (or the native one, when the native profile built it). */
    static Path executable() {
        return io.kubectlgpu.testing.PackagedApp.executable();
    }

    static Proc start(String... args) {
        List<String> cmd = new ArrayList<>(List.of(executable().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(io.kubectlgpu.testing.PackagedApp.withDefaultSignals(cmd));
        pb.environment().putAll(Map.of("JAVA_HOME", System.getProperty("java.home"), "NO_COLOR", "1"));
        pb.environment().remove("KUBECONFIG");
        try {
            return new Proc(pb.start(), String.join(" ", args));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs to the end; the timeout is a safety net against a hang, far above what the command needs. */
    static Proc run(Duration timeout, String... args) throws InterruptedException {
        Proc p = start(args);
        p.waitFor(timeout, "the command ends on its own");
        return p;
    }

    private static Thread reader(InputStream in, StringBuffer into) {
        return Thread.ofPlatform().daemon().start(() -> {
            byte[] buf = new byte[4096];
            int n;
            try {
                while ((n = in.read(buf)) > 0) {
                    into.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                }
            } catch (IOException e) {
                // the process ended
            }
        });
    }

    String stdout() {
        return stdout.toString();
    }

    String stderr() {
        return stderr.toString();
    }

    int exitCode() {
        return process.exitValue();
    }

    long pid() {
        return process.pid();
    }

    /** Waits until stderr matches; fails with {@code why} and all output when it does not within the timeout. */
    void awaitStderr(String regex, Duration timeout, String why) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!p.matcher(stderr).find()) {
            if (System.nanoTime() > deadline || !process.isAlive() && !p.matcher(stderr).find()) {
                if (!process.isAlive()) {
                    errReader.join(2000);
                    if (p.matcher(stderr).find()) {
                        return;
                    }
                }
                throw new AssertionError("waited " + timeout.toSeconds() + "s for /" + regex + "/ on stderr (" + why + ")" + this);
            }
            Thread.sleep(50); // polling the captured output: the condition is the text itself
        }
    }

    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, String.valueOf(process.pid())).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed" + this);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    int waitFor(Duration timeout, String why) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("did not end within " + timeout.toSeconds() + "s (" + why + ")" + this);
        }
        outReader.join(5000);
        errReader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    @Override
    public String toString() {
        return "\n$ kubectl gpu " + args + "\nexit code: " + (process.isAlive() ? "(running)" : process.exitValue())
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
