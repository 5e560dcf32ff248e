package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.dist;
import static io.kubectlgpu.dist.DistSupport.read;
import static io.kubectlgpu.dist.DistSupport.repo;
import static io.kubectlgpu.dist.DistSupport.run;
import static io.kubectlgpu.dist.DistSupport.sha256;
import static io.kubectlgpu.dist.DistSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubectlgpu.dist.DistSupport.Result;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * dist/Dist.java on fixture archives of all five platforms (a stand-in executable, the real
 * LICENSE): the rendered krew manifest passes krew's own validate-krew-manifest, carries the right
 * uri, lowercase sha256 and bin per platform, and the project's check rejects a wrong sha256, an
 * archive without LICENSE and an incomplete release.
 */
class DistManifestTest {
    static final String VERSION = "0.1.0";
    static final List<String> PLATFORMS = List.of("linux/amd64", "linux/arm64", "darwin/amd64", "darwin/arm64", "windows/amd64");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @TempDir
    static Path work;
    static Path exe;
    static final List<Path> archives = new ArrayList<>();

    @BeforeAll
    static void buildFixtureArchives() throws IOException {
        exe = work.resolve("fixture/kubectl-gpu");
        write(exe, "#!/bin/sh\necho fixture\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        // a JVM-style app dir with a path longer than a plain tar name field (100 bytes)
        Path app = work.resolve("fixture/quarkus-app");
        write(app.resolve("quarkus-run.jar"), "jar");
        write(app.resolve("lib/main/" + "a-rather-long-directory-name-for-a-library/".repeat(2) + "io.example.some-library-with-a-long-name-1.2.3.jar"), "lib");
        write(app.resolve("kubectl-gpu.aot"), "cache");
        for (String platform : PLATFORMS) {
            String[] p = platform.split("/");
            List<String> args = new ArrayList<>(List.of("archive", "--os", p[0], "--arch", p[1], "--version", VERSION,
                    "--exe", exe.toString(), "--license", repo().resolve("LICENSE").toString(), "--out", work.resolve("out").toString()));
            if (platform.equals("linux/amd64")) {
                args.addAll(List.of("--app", app.toString()));
            }
            dist(Map.of(), args.toArray(String[]::new)).ok();
            archives.add(work.resolve("out/kubectl-gpu-" + VERSION + "-" + p[0] + "-" + p[1] + (p[0].equals("windows") ? ".zip" : ".tar.gz")));
        }
    }

    @Test
    void releaseManifestHasEveryPlatformWithUriSha256AndBinAndPassesKrewValidation() throws IOException {
        Path manifest = work.resolve("release/gpu.yaml");
        List<String> args = new ArrayList<>(List.of("manifest", "--version", VERSION, "--require-all", "--out", manifest.toString()));
        archives.forEach(a -> args.add(a.toString()));
        dist(Map.of("KUBECTL_GPU_REPO", "example-org/kubectl-gpu-fork"), args.toArray(String[]::new)).ok();

        JsonNode m = YAML.readTree(manifest.toFile());
        assertEquals("krew.googlecontainertools.github.com/v1alpha2", m.path("apiVersion").asText());
        assertEquals("Plugin", m.path("kind").asText());
        assertEquals("gpu", m.path("metadata").path("name").asText());
        assertEquals("v" + VERSION, m.path("spec").path("version").asText());
        assertEquals("https://github.com/example-org/kubectl-gpu-fork", m.path("spec").path("homepage").asText());
        String shortDescription = m.path("spec").path("shortDescription").asText();
        assertTrue(shortDescription.length() <= 50 && !shortDescription.contains("\n"), shortDescription);
        assertFalse(m.path("spec").path("description").asText().contains("--"), "the description lists no flags");
        assertFalse(read(manifest).contains("{{"), read(manifest));

        JsonNode platforms = m.path("spec").path("platforms");
        assertEquals(PLATFORMS.size(), platforms.size(), read(manifest));
        for (int i = 0; i < PLATFORMS.size(); i++) {
            String[] p = PLATFORMS.get(i).split("/");
            JsonNode platform = platforms.get(i);
            Path archive = archives.get(i);
            assertEquals(Map.of("os", p[0], "arch", p[1]), YAML.convertValue(platform.path("selector").path("matchLabels"), Map.class));
            assertEquals("https://github.com/example-org/kubectl-gpu-fork/releases/download/v" + VERSION + "/" + archive.getFileName(),
                    platform.path("uri").asText());
            assertEquals(sha256(archive), platform.path("sha256").asText());
            assertEquals(sha256(archive) + "  " + archive.getFileName() + "\n", read(Path.of(archive + ".sha256")));
            assertEquals(p[0].equals("windows") ? "kubectl-gpu.exe" : "kubectl-gpu", platform.path("bin").asText());
        }

        Path validate = DistSupport.testenvBin().resolve("validate-krew-manifest");
        run(List.of(validate.toString(), "--manifest", manifest.toString(), "--skip-install"), work, DistSupport.inheritedEnv(), 120).ok();

        List<String> check = new ArrayList<>(List.of("check", "--manifest", manifest.toString()));
        archives.forEach(a -> check.add(a.toString()));
        dist(Map.of(), check.toArray(String[]::new)).ok();
    }

    @Test
    void localManifestHasOnlyThePlatformsOfTheGivenArchives() throws IOException {
        Path manifest = work.resolve("local/gpu.yaml");
        dist(Map.of(), "manifest", "--version", VERSION, "--out", manifest.toString(), archives.get(0).toString()).ok();
        JsonNode platforms = YAML.readTree(manifest.toFile()).path("spec").path("platforms");
        assertEquals(1, platforms.size(), read(manifest));
        assertEquals("linux", platforms.get(0).path("selector").path("matchLabels").path("os").asText());
        assertTrue(platforms.get(0).path("uri").asText().startsWith("https://github.com/kubectl-gpu/kubectl-gpu/releases/download/v0.1.0/"),
                "default repository: " + platforms.get(0).path("uri").asText());
        dist(Map.of(), "check", "--manifest", manifest.toString(), archives.get(0).toString()).ok();
    }

    @Test
    void releaseManifestNeedsEveryPlatform() {
        Result r = dist(Map.of(), "manifest", "--version", VERSION, "--require-all", "--out", work.resolve("partial/gpu.yaml").toString(),
                archives.get(0).toString(), archives.get(4).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("missing: linux/arm64, darwin/amd64, darwin/arm64"), r::toString);
    }

    @Test
    void checkRejectsAWrongSha256() {
        Path manifest = work.resolve("wrong-sha/gpu.yaml");
        dist(Map.of(), "manifest", "--version", VERSION, "--out", manifest.toString(), archives.get(0).toString()).ok();
        String good = sha256(archives.get(0));
        String other = sha256(archives.get(1));
        assertNotEquals(good, other);
        write(manifest, read(manifest).replace(good, other));

        Result r = dist(Map.of(), "check", "--manifest", manifest.toString(), archives.get(0).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("linux/amd64: sha256 " + other + " does not match"), r::toString);

        write(manifest, read(manifest).replace(other, good.toUpperCase()));
        r = dist(Map.of(), "check", "--manifest", manifest.toString(), archives.get(0).toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("is not 64 lowercase hex digits"), r::toString);
    }

    @Test
    void checkRejectsArchivesWithoutLicense() throws IOException {
        // tar.gz made by the system tar, zip by java.util.zip: the check reads what others produce too
        Path dir = work.resolve("no-license");
        Path tarInput = dir.resolve("input");
        Files.createDirectories(tarInput);
        Files.copy(exe, tarInput.resolve("kubectl-gpu"));
        Path tgz = dir.resolve("kubectl-gpu-" + VERSION + "-linux-amd64.tar.gz");
        run(List.of("tar", "-czf", tgz.toString(), "-C", tarInput.toString(), "kubectl-gpu"), dir, DistSupport.inheritedEnv(), 60).ok();
        Path zip = dir.resolve("kubectl-gpu-" + VERSION + "-windows-amd64.zip");
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream z = new ZipOutputStream(out)) {
            z.putNextEntry(new ZipEntry("kubectl-gpu.exe"));
            z.write("MZ".getBytes());
            z.closeEntry();
        }
        Path manifest = dir.resolve("gpu.yaml");
        dist(Map.of(), "manifest", "--version", VERSION, "--out", manifest.toString(), tgz.toString(), zip.toString()).ok();

        Result r = dist(Map.of(), "check", "--manifest", manifest.toString(), tgz.toString(), zip.toString());
        assertEquals(1, r.exitCode(), r::toString);
        assertTrue(r.stderr().contains("linux/amd64: " + tgz.getFileName() + " has no LICENSE file"), r::toString);
        assertTrue(r.stderr().contains("windows/amd64: " + zip.getFileName() + " has no LICENSE file"), r::toString);
    }

    @Test
    void archivesAreReproducibleAndReadableBySystemTools() throws IOException {
        Path again = work.resolve("again");
        dist(Map.of(), "archive", "--os", "linux", "--arch", "amd64", "--version", VERSION, "--exe", exe.toString(),
                "--license", repo().resolve("LICENSE").toString(), "--app", work.resolve("fixture/quarkus-app").toString(),
                "--out", again.toString()).ok();
        assertEquals(sha256(archives.get(0)), sha256(again.resolve(archives.get(0).getFileName())), "same input, same archive");

        Result list = run(List.of("tar", "-tvzf", archives.get(0).toString()), work, DistSupport.inheritedEnv(), 60).ok();
        assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("-rwxr-xr-x") && l.endsWith(" kubectl-gpu")), list::toString);
        assertTrue(list.stdout().lines().anyMatch(l -> l.startsWith("-rw-r--r--") && l.endsWith(" LICENSE")), list::toString);
        assertFalse(list.stdout().contains(".aot"), "the AOT cache stays out of archives" + list);

        Path extracted = work.resolve("extracted");
        Files.createDirectories(extracted);
        run(List.of("tar", "-xzf", archives.get(0).toString(), "-C", extracted.toString()), work, DistSupport.inheritedEnv(), 60).ok();
        Path longOne = Path.of("quarkus-app/lib/main/" + "a-rather-long-directory-name-for-a-library/".repeat(2)
                + "io.example.some-library-with-a-long-name-1.2.3.jar");
        assertTrue(longOne.toString().length() > 100);
        assertEquals("lib", read(extracted.resolve(longOne)));
        assertEquals(read(repo().resolve("LICENSE")), read(extracted.resolve("LICENSE")));

        Result zip = run(List.of("unzip", "-l", archives.get(4).toString()), work, DistSupport.inheritedEnv(), 60).ok();
        assertTrue(zip.stdout().contains("kubectl-gpu.exe") && zip.stdout().contains("LICENSE"), zip::toString);
    }
}
