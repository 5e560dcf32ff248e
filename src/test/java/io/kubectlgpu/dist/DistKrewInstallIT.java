package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.buildDir;
import static io.kubectlgpu.dist.DistSupport.env;
import static io.kubectlgpu.dist.DistSupport.pomVersion;
import static io.kubectlgpu.dist.DistSupport.repo;
import static io.kubectlgpu.dist.DistSupport.run;
import static io.kubectlgpu.dist.DistSupport.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.dist.DistSupport.Result;
import io.kubectlgpu.testing.PackagedApp;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The install path of a release, for real, offline: dist/package turns the packaged build into the
 * linux/amd64 archive and its krew manifest; krew's validate-krew-manifest accepts the manifest; the
 * real krew (testenv) installs it into a temporary KREW_ROOT from the local archive; kubectl then
 * dispatches `kubectl gpu` to it, lists it as a plugin, and `kubectl krew uninstall gpu` removes it.
 */
class DistKrewInstallIT {
    @TempDir
    static Path packed;
    static Path archive;
    static Path manifest;

    @TempDir
    Path tmp;

    /** dist/package, as the README and the release workflow run it, on what mvn package built. */
    @BeforeAll
    static void distPackage() {
        Path out = packed.resolve("dist");
        Result pack = run(List.of(repo().resolve("dist/package").toString(), "--os", "linux", "--arch", "amd64",
                "--target", buildDir().toString(), "--out", out.toString()), repo(),
                env(System.getenv("PATH"), packed, "JAVA_HOME", DistSupport.javaHome().toString()), 600).ok();
        archive = out.resolve("kubectl-gpu-" + pomVersion() + "-linux-amd64.tar.gz");
        manifest = out.resolve("gpu.yaml");
        assertTrue(Files.isRegularFile(archive) && Files.isRegularFile(manifest), pack::toString);
        assertTrue(pack.stdout().contains("every sha256 matches"), pack::toString);
    }

    @Test
    void krewInstallsTheArchiveAndKubectlRunsIt() throws Exception {
        String version = pomVersion();
        String yaml = Files.readString(manifest);
        assertTrue(yaml.contains("sha256: " + sha256(archive) + "\n"), yaml);
        assertTrue(yaml.contains("version: v" + version + "\n"), yaml);

        Result list = run(List.of("tar", "-tzf", archive.toString()), tmp, DistSupport.inheritedEnv(), 60).ok();
        List<String> entries = list.stdout().lines().toList();
        boolean nativeBuild = PackagedApp.isNative();
        if (nativeBuild) {
            // what krew installs is the native executable alone: no JVM application, no launcher script
            assertEquals(List.of("LICENSE", "kubectl-gpu"), entries.stream().sorted().toList(), list::toString);
        } else {
            assertTrue(entries.containsAll(List.of("kubectl-gpu", "LICENSE", "quarkus-app/quarkus-run.jar")), list::toString);
        }
        assertFalse(entries.stream().anyMatch(e -> e.endsWith(".aot")), list::toString);

        Path testenv = DistSupport.testenvBin();
        run(List.of(testenv.resolve("validate-krew-manifest").toString(), "--manifest", manifest.toString(), "--skip-install"),
                tmp, DistSupport.inheritedEnv(), 120).ok();

        // kubectl runs krew as the plugin `kubectl krew`: a kubectl-krew on PATH
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("kubectl-krew"), testenv.resolve("krew"));
        Path krewRoot = tmp.resolve("krew-root");
        Path home = Files.createDirectories(tmp.resolve("home"));
        String path = tools + ":" + krewRoot.resolve("bin") + ":/usr/local/bin:/usr/bin:/bin";
        Map<String, String> env = new java.util.HashMap<>(env(path, home, "KREW_ROOT", krewRoot.toString(),
                "KREW_NO_UPGRADE_CHECK", "1", "KREW_OS", "linux", "KREW_ARCH", "amd64"));
        if (nativeBuild) {
            // no Java for it to find: the JVM launcher would stop here with exit 2
            env.remove("JAVA_HOME");
            env.put("KUBECTL_GPU_JAVA", "/nonexistent/bin/java");
        }

        Result install = run(List.of("kubectl", "krew", "install", "--manifest=" + manifest, "--archive=" + archive), tmp, env, 300).ok();
        assertTrue(install.stderr().contains("Installed plugin: gpu"), install::toString);
        Path installed = krewRoot.resolve("bin/kubectl-gpu");
        assertTrue(Files.isSymbolicLink(installed), install::toString);
        assertTrue(Files.isRegularFile(krewRoot.resolve("store/gpu/v" + version + "/LICENSE")), "krew keeps the LICENSE");

        Result gpu = run(List.of("kubectl", "gpu", "version", "--client"), tmp, env, 120).ok();
        assertEquals("Client Version: v" + version + "\n", gpu.stdout(), gpu::toString);
        if (nativeBuild) {
            assertArrayEquals(Files.readAllBytes(PackagedApp.executable()), Files.readAllBytes(installed.toRealPath()),
                    "krew installed the native executable of this build");
        }

        Result plugins = run(List.of("kubectl", "plugin", "list"), tmp, env, 60).ok();
        assertTrue(plugins.stdout().lines().anyMatch(l -> l.equals(installed.toString())), plugins::toString);

        // krew's list and uninstall want a plugin index: an empty local one, as no network is used
        run(List.of("git", "init", "-q", krewRoot.resolve("index/default").toString()), tmp, env, 60).ok();
        Result uninstall = run(List.of("kubectl", "krew", "uninstall", "gpu"), tmp, env, 120).ok();
        assertTrue(uninstall.stderr().contains("Uninstalled plugin: gpu"), uninstall::toString);
        assertFalse(Files.exists(installed, java.nio.file.LinkOption.NOFOLLOW_LINKS), uninstall::toString);
        assertFalse(Files.exists(krewRoot.resolve("store/gpu")), uninstall::toString);

        Result gone = run(List.of("kubectl", "gpu", "version", "--client"), tmp, env, 60);
        assertNotEquals(0, gone.exitCode(), gone::toString);
    }

    @Test
    void krewRefusesAnArchiveThatDoesNotMatchTheManifest() throws Exception {
        // the same guarantee as the project's check, from krew's side: a stale sha256 cannot install
        Path stale = tmp.resolve("gpu.yaml");
        Files.writeString(stale, Files.readString(manifest).replace(sha256(archive), "0".repeat(64)));

        Path testenv = DistSupport.testenvBin();
        Path tools = Files.createDirectories(tmp.resolve("tools"));
        Files.createSymbolicLink(tools.resolve("kubectl-krew"), testenv.resolve("krew"));
        Path krewRoot = tmp.resolve("krew-root");
        Map<String, String> env = env(tools + ":/usr/local/bin:/usr/bin:/bin", Files.createDirectories(tmp.resolve("home")),
                "KREW_ROOT", krewRoot.toString(), "KREW_NO_UPGRADE_CHECK", "1");

        Result check = DistSupport.dist(Map.of(), "check", "--manifest", stale.toString(), archive.toString());
        assertEquals(1, check.exitCode(), check::toString);
        Result install = run(List.of("kubectl", "krew", "install", "--manifest=" + stale, "--archive=" + archive), tmp, env, 300);
        assertNotEquals(0, install.exitCode(), install::toString);
        assertFalse(Files.exists(krewRoot.resolve("bin/kubectl-gpu"), java.nio.file.LinkOption.NOFOLLOW_LINKS), install::toString);
    }
}
