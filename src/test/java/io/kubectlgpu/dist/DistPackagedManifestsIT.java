package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.buildDir;
import static io.kubectlgpu.dist.DistSupport.repo;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The packaged application (target/quarkus-app) carries every manifest of plugin-manifest/, unchanged. */
class DistPackagedManifestsIT {

    @Test
    void theApplicationJarBundlesEveryManifest() throws Exception {
        Path appJar = buildDir().resolve("quarkus-app/app/kubectl-gpu-" + DistSupport.pomVersion() + ".jar");
        assertTrue(Files.isRegularFile(appJar), appJar + " is built by mvn package");
        List<String> missing = new ArrayList<>();
        try (JarFile jar = new JarFile(appJar.toFile())) {
            for (String manifest : DistSupport.bundledManifests()) {
                ZipEntry entry = jar.getEntry(manifest);
                if (entry == null) {
                    missing.add(manifest);
                    continue;
                }
                try (var in = jar.getInputStream(entry)) {
                    assertArrayEquals(Files.readAllBytes(repo().resolve(manifest)), in.readAllBytes(), manifest + " differs from the source");
                }
            }
        }
        assertEquals(List.of(), missing, "manifests missing from " + appJar);
    }
}
