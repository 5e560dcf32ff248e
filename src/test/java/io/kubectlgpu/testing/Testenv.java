package io.kubectlgpu.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The real control plane of testenv/ for tests: full kwok clusters (apiserver, etcd, controller-manager,
 * scheduler, kwok) started through testenv/cluster. Every cluster a test JVM starts is stopped when
 * the JVM exits, also after failures; .ci/run additionally stops any left over.
 */
public final class Testenv {
    private static final Map<String, KwokCluster> CLUSTERS = new ConcurrentHashMap<>();
    private static final AtomicInteger SEQ = new AtomicInteger();

    static {
        // all at once: the test JVM has limited time to exit
        Runtime.getRuntime().addShutdownHook(new Thread(() -> CLUSTERS.values().parallelStream().forEach(KwokCluster::stopQuietly)));
    }

    private Testenv() {
    }

    /** The repository root (tests run with the project dir as working dir). */
    public static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("testenv/cluster"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("testenv/cluster not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** testenv's bin directory, building the binaries when needed. */
    public static Path bin() {
        return Path.of(run(List.of(repo().resolve("testenv/build").toString())).trim());
    }

    public static Path fixture(String name) {
        return repo().resolve("testenv/fixtures").resolve(name);
    }

    /**
     * A cluster started for one test class (or shared by key): fixtures are file names in
     * testenv/fixtures, or absolute paths; none means a cluster without nodes.
     */
    public static KwokCluster cluster(String key, String... fixtures) {
        return CLUSTERS.computeIfAbsent(key, k -> start(k, false, fixtures));
    }

    /** Like {@link #cluster}, with the API server's audit log on (see {@link KwokCluster#auditedRequests}). */
    public static KwokCluster auditedCluster(String key, String... fixtures) {
        return CLUSTERS.computeIfAbsent(key, k -> start(k, true, fixtures));
    }

    private static KwokCluster start(String key, boolean audit, String... fixtures) {
        String slug = key.toLowerCase().replaceAll("[^a-z0-9]", "");
        String name = "kgpu-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet() + "-"
                + slug.substring(0, Math.min(12, slug.length()));
        List<String> cmd = new ArrayList<>(List.of(repo().resolve("testenv/cluster").toString(), "up", name));
        if (fixtures.length == 0) {
            cmd.add("--no-fixtures");
        }
        if (audit) {
            cmd.add("--audit");
        }
        for (String f : fixtures) {
            cmd.add(f.startsWith("/") ? f : fixture(f).toString());
        }
        Path kubeconfig = Path.of(run(cmd).trim());
        return new KwokCluster(name, kubeconfig);
    }

    /** Runs a command, returns stdout; fails with stderr when it exits non-zero. */
    public static String run(List<String> command) {
        return exec(command, Map.of(), 600).requireSuccess().stdout(); // 600 s: a cluster's start on a loaded machine; a cold testenv/build has its own
    }

    public record Result(int exitCode, String stdout, String stderr, List<String> command) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ":\n" + stderr + stdout);
            }
            return this;
        }
    }

    public static Result exec(List<String> command, Map<String, String> env, long timeoutSeconds) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return exec(pb, timeoutSeconds);
    }

    /** Runs PB to its end (killed after TIMEOUT_SECONDS) with stdout and stderr captured apart. */
    public static Result exec(ProcessBuilder pb, long timeoutSeconds) {
        List<String> command = pb.command();
        try {
            Path dir = Files.createTempDirectory("testenv-run");
            try {
                Path out = dir.resolve("stdout");
                Path err = dir.resolve("stderr");
                pb.redirectOutput(out.toFile()).redirectError(err.toFile());
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8), command);
            } finally {
                TempFiles.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
