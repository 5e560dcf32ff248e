package io.kubectlgpu.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Processes, paths and files shared by the Dist* tests. */
final class DistSupport {
    private DistSupport() {
    }

    /** What a command did; its toString is the message of every assertion about it. */
    record Result(int exitCode, String stdout, String stderr, List<String> command) {
        Result ok() {
            assertEquals(0, exitCode, this::toString);
            return this;
        }

        @Override
        public String toString() {
            return "\n$ " + String.join(" ", command) + "\nexit code: " + exitCode + "\n--- stdout ---\n" + stdout
                    + "\n--- stderr ---\n" + stderr;
        }
    }

    /** The repository root: the project dir, where Maven runs the tests. */
    static Path repo() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("dist/Dist.java"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("dist/Dist.java not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** The Maven build directory of this build (failsafe and surefire pass build.dir). */
    static Path buildDir() {
        return repo().resolve(System.getProperty("build.dir", "target")).normalize();
    }

    /** The JDK running the tests: Java 25, the one the build uses. */
    static Path javaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    static Path java() {
        return javaHome().resolve("bin/java");
    }

    /** testenv's bin directory (krew, validate-krew-manifest, actionlint), built when missing. */
    static Path testenvBin() {
        Result r = run(List.of(repo().resolve("testenv/build").toString()), repo(), inheritedEnv(), 1800).ok();
        return Path.of(r.stdout().trim());
    }

    /** The project version, as the build wrote it. */
    static String pomVersion() {
        Path props = buildDir().resolve("maven-archiver/pom.properties");
        if (Files.isRegularFile(props)) {
            Properties p = new Properties();
            try (InputStream in = Files.newInputStream(props)) {
                p.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return p.getProperty("version");
        }
        // before package (surefire): the first <version> after <artifactId>kubectl-gpu</artifactId>
        String pom = read(repo().resolve("pom.xml"));
        int at = pom.indexOf("<artifactId>kubectl-gpu</artifactId>");
        int v = pom.indexOf("<version>", at);
        return pom.substring(v + "<version>".length(), pom.indexOf("</version>", v)).trim();
    }

    static Map<String, String> inheritedEnv() {
        return new HashMap<>(System.getenv());
    }

    /** A minimal environment: PATH, HOME, and what is given; nothing else leaks in (JAVA_HOME included). */
    static Map<String, String> env(String path, Path home, String... keyValues) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", path);
        env.put("HOME", home.toString());
        env.put("LANG", "C.UTF-8");
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return env;
    }

    /** Runs a command with exactly the environment given. */
    static Result run(List<String> command, Path cwd, Map<String, String> env, long timeoutSeconds) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Path dir = Files.createTempDirectory("dist-run");
            try {
                Path out = dir.resolve("stdout");
                Path err = dir.resolve("stderr");
                pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
                Process p = pb.start();
                if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor();
                    throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + "s");
                }
                return new Result(p.exitValue(), Files.readString(out), Files.readString(err), List.copyOf(command));
            } finally {
                io.kubectlgpu.testing.TempFiles.deleteRecursively(dir);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path distClasses;

    /**
     * dist/Dist.java ARGS, from the repository root: compiled once per test JVM (what the source
     * launcher does on every `java dist/Dist.java`, which dist/package and DistKrewInstallIT use).
     */
    static synchronized Result dist(Map<String, String> extraEnv, String... args) {
        if (distClasses == null) {
            Path classes = io.kubectlgpu.testing.TempFiles.directory("dist-classes");
            run(List.of(javaHome().resolve("bin/javac").toString(), "-d", classes.toString(), repo().resolve("dist/Dist.java").toString()),
                    repo(), inheritedEnv(), 300).ok();
            distClasses = classes;
        }
        List<String> cmd = new ArrayList<>(List.of(java().toString(), "-cp", distClasses.toString(), "Dist"));
        cmd.addAll(List.of(args));
        Map<String, String> env = inheritedEnv();
        env.remove("KUBECTL_GPU_REPO");
        env.putAll(extraEnv);
        return run(cmd, repo(), env, 300);
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every manifest the code can load: the YAML files under plugin-manifest/ (samples are loaded by name). */
    static List<String> bundledManifests() {
        Path root = repo().resolve("plugin-manifest");
        try (Stream<Path> files = Files.walk(root)) {
            List<String> yaml = files.filter(Files::isRegularFile).filter(f -> f.toString().endsWith(".yaml"))
                    .map(f -> "plugin-manifest/" + root.relativize(f).toString().replace('\\', '/')).sorted().toList();
            assertFalse(yaml.isEmpty(), "no manifests under " + root);
            return yaml;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
