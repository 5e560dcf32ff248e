package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.buildDir;
import static io.kubectlgpu.dist.DistSupport.env;
import static io.kubectlgpu.dist.DistSupport.java;
import static io.kubectlgpu.dist.DistSupport.javaHome;
import static io.kubectlgpu.dist.DistSupport.pomVersion;
import static io.kubectlgpu.dist.DistSupport.read;
import static io.kubectlgpu.dist.DistSupport.run;
import static io.kubectlgpu.dist.DistSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.dist.DistSupport.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * target/kubectl-gpu, the launcher `mvn package` writes: runs the packaged app from any directory,
 * through symlinks and kubectl's plugin dispatch, uses its AOT cache, still works without a usable
 * one, picks its Java in the documented order and refuses a Java older than 25 in one sentence.
 */
class DistLauncherIT {
    static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";

    @TempDir
    static Path tmp;
    static Path launcher;
    static Path home;

    @BeforeAll
    static void packaged() throws IOException {
        launcher = buildDir().resolve("kubectl-gpu");
        assertTrue(Files.isExecutable(launcher), launcher + " is written by mvn package");
        assertTrue(read(launcher).startsWith("#!/bin/sh\n"), "a POSIX sh launcher");
        home = Files.createDirectories(tmp.resolve("home"));
    }

    static Result launch(Path executable, Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(executable.toString()));
        cmd.addAll(List.of(args));
        return run(cmd, tmp, env, 120);
    }

    /** A stand-in JDK home whose release file says VERSION and whose java must never run. */
    static Path fakeJdk(String name, String version) throws IOException {
        Path jdk = tmp.resolve(name);
        write(jdk.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        Path java = jdk.resolve("bin/java");
        write(java, "#!/bin/sh\necho 'this java must not run' >&2\nexit 99\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return jdk;
    }

    @Test
    void helpAndClientVersionWithCleanOutput() {
        Result help = launch(launcher, env(SYSTEM_PATH, home), "--help").ok();
        assertTrue(help.stdout().contains("Usage: kubectl gpu"), help::toString);

        Result version = launch(launcher, env(SYSTEM_PATH, home), "version", "--client").ok();
        assertEquals("Client Version: v" + pomVersion() + "\n", version.stdout(), version::toString);
        assertEquals("", version.stderr(), "no JVM or AOT noise: " + version);
    }

    @Test
    void usesTheAotCacheItWasBuiltWith() {
        assertTrue(Files.isRegularFile(buildDir().resolve("quarkus-app/kubectl-gpu.aot")));
        // AOTMode=on makes the JVM fail instead of silently running without the cache
        Result r = launch(launcher, env(SYSTEM_PATH, home, "KUBECTL_GPU_JAVA_OPTS", "-XX:AOTMode=on -Xlog:aot=warning:stderr"), "version", "--client").ok();
        assertTrue(r.stdout().startsWith("Client Version: v"), r::toString);

        Result off = launch(launcher, env(SYSTEM_PATH, home, "KUBECTL_GPU_AOT", "off"), "version", "--client").ok();
        assertEquals(r.stdout(), off.stdout());
    }

    @Test
    void runsThroughASymlinkOnPathAndKubectlPluginDispatch() throws IOException {
        Path bin = Files.createDirectories(tmp.resolve("dispatch-bin"));
        Files.createSymbolicLink(bin.resolve("kubectl-gpu"), launcher);
        Map<String, String> env = env(bin + ":" + SYSTEM_PATH, home);

        // resolved through the PATH of the child environment, as a shell would
        Result direct = run(List.of("/usr/bin/env", "kubectl-gpu", "version", "--client"), tmp, env, 120).ok();
        assertEquals("Client Version: v" + pomVersion() + "\n", direct.stdout(), direct::toString);

        Result kubectl = run(List.of("kubectl", "gpu", "version", "--client"), tmp, env, 120).ok();
        assertEquals("Client Version: v" + pomVersion() + "\n", kubectl.stdout(), kubectl::toString);
        assertEquals("", kubectl.stderr(), kubectl::toString);
    }

    @Test
    void worksWhenTheAotCacheIsUnusable() throws IOException {
        // a copy without the original file times: the JVM rejects the cache, the launcher must not care
        Path copy = tmp.resolve("copy");
        copyTree(buildDir().resolve("quarkus-app"), copy.resolve("quarkus-app"));
        Files.copy(launcher, copy.resolve("kubectl-gpu"));
        Result r = launch(copy.resolve("kubectl-gpu"), env(SYSTEM_PATH, home), "version", "--client").ok();
        assertEquals("Client Version: v" + pomVersion() + "\n", r.stdout(), r::toString);
        assertEquals("", r.stderr(), r::toString);

        Files.delete(copy.resolve("quarkus-app/kubectl-gpu.aot"));
        r = launch(copy.resolve("kubectl-gpu"), env(SYSTEM_PATH, home), "version", "--client").ok();
        assertEquals("Client Version: v" + pomVersion() + "\n", r.stdout(), r::toString);
    }

    @Test
    void picksJavaFromKubectlGpuJavaThenJavaHome() throws IOException {
        Path old = fakeJdk("jdk17", "17.0.12");

        Result javaHome = launch(launcher, env(SYSTEM_PATH, home, "JAVA_HOME", old.toString()), "version", "--client");
        assertEquals(2, javaHome.exitCode(), javaHome::toString);
        assertEquals("", javaHome.stdout(), javaHome::toString);
        assertEquals("kubectl-gpu: Java 25 or newer is required, but " + old.resolve("bin/java") + " is Java 17: "
                + "set KUBECTL_GPU_JAVA to the java executable of Java 25 or newer.\n", javaHome.stderr());

        Result override = launch(launcher, env(SYSTEM_PATH, home, "JAVA_HOME", old.toString(), "KUBECTL_GPU_JAVA", java().toString()),
                "version", "--client").ok();
        assertTrue(override.stdout().startsWith("Client Version: v"), override::toString);

        Result legacy = launch(launcher, env(SYSTEM_PATH, home, "KUBECTL_GPU_JAVA", fakeJdk("jdk8", "1.8.0_412").resolve("bin/java").toString()));
        assertEquals(2, legacy.exitCode(), legacy::toString);
        assertTrue(legacy.stderr().contains(" is Java 8: "), legacy::toString);
    }

    @Test
    void fallsBackToTheBuildJdkThenJavaOnPath() throws IOException {
        // neither KUBECTL_GPU_JAVA nor JAVA_HOME, no java on PATH: the JDK that built it
        Path noJava = Files.createDirectories(tmp.resolve("no-java-bin"));
        Result build = launch(launcher, env(noJava.toString(), home), "version", "--client").ok();
        assertTrue(build.stdout().startsWith("Client Version: v"), build::toString);

        // a copy whose build JDK is gone: java on PATH, resolved through its symlink to its release file
        Path copy = tmp.resolve("moved");
        Files.createDirectories(copy);
        Files.createSymbolicLink(copy.resolve("quarkus-app"), buildDir().resolve("quarkus-app"));
        write(copy.resolve("kubectl-gpu"), read(launcher).replaceFirst("(?m)^build_java='.*'$", "build_java='/nonexistent/bin/java'"));
        Files.setPosixFilePermissions(copy.resolve("kubectl-gpu"), PosixFilePermissions.fromString("rwxr-xr-x"));

        Path pathBin = Files.createDirectories(tmp.resolve("path-java-25"));
        Files.createSymbolicLink(pathBin.resolve("java"), javaHome().resolve("bin/java"));
        Result onPath = launch(copy.resolve("kubectl-gpu"), env(pathBin + ":/bin:/usr/bin", home), "version", "--client").ok();
        assertTrue(onPath.stdout().startsWith("Client Version: v"), onPath::toString);

        Path oldBin = Files.createDirectories(tmp.resolve("path-java-17"));
        Files.createSymbolicLink(oldBin.resolve("java"), fakeJdk("jdk17-on-path", "17").resolve("bin/java"));
        Result old = launch(copy.resolve("kubectl-gpu"), env(oldBin + ":/bin:/usr/bin", home), "version", "--client");
        assertEquals(2, old.exitCode(), old::toString);
        assertTrue(old.stderr().contains(" is Java 17: "), old::toString);

        Result none = launch(copy.resolve("kubectl-gpu"), env(noJava.toString(), home), "version", "--client");
        assertEquals(2, none.exitCode(), none::toString);
        assertTrue(none.stderr().startsWith("kubectl-gpu: no Java runtime found"), none::toString);
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
