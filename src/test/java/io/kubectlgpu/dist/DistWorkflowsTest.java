package io.kubectlgpu.dist;

import static io.kubectlgpu.dist.DistSupport.read;
import static io.kubectlgpu.dist.DistSupport.repo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows cannot run here: actionlint (built by testenv from the Go module proxy)
 * checks them, and the tests pin down what they must do: CI runs .ci/run on pull requests, the
 * release builds on a native runner per platform and publishes from tags, actions are pinned by SHA.
 */
class DistWorkflowsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final Path WORKFLOWS = repo().resolve(".github/workflows");

    @Test
    void actionlintPassesOnEveryWorkflow() throws IOException {
        List<String> cmd = new ArrayList<>(List.of(DistSupport.testenvBin().resolve("actionlint").toString(), "-no-color"));
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().forEach(f -> cmd.add(f.toString()));
        }
        assertTrue(cmd.size() >= 4, "ci.yml and release.yml at least: " + cmd);
        DistSupport.run(cmd, repo(), DistSupport.inheritedEnv(), 120).ok();
    }

    @Test
    void everyActionIsPinnedByCommitSha() throws IOException {
        Pattern uses = Pattern.compile("(?m)^\\s*(?:-\\s*)?uses:\\s*(\\S+)(.*)$");
        List<String> unpinned = new ArrayList<>();
        int count = 0;
        try (Stream<Path> files = Files.list(WORKFLOWS)) {
            for (Path f : files.toList()) {
                Matcher m = uses.matcher(read(f));
                while (m.find()) {
                    count++;
                    if (!m.group(1).matches("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}") || !m.group(2).matches("\\s*# v\\d+(\\.\\d+)*")) {
                        unpinned.add(f.getFileName() + ": " + m.group().strip());
                    }
                }
            }
        }
        assertTrue(count > 0);
        assertEquals(List.of(), unpinned, "uses: OWNER/REPO@<40-hex SHA> # vX.Y.Z");
    }

    @Test
    void ciRunsTheProjectTestCommandOnPullRequests() throws IOException {
        JsonNode ci = YAML.readTree(WORKFLOWS.resolve("ci.yml").toFile());
        assertTrue(ci.path("on").has("pull_request"), ci.toString());
        assertTrue(ci.path("jobs").findValuesAsText("run").contains(".ci/run"), ci.toString());
    }

    @Test
    void releaseBuildsNativeExecutablesPerPlatformAndPublishesFromTags() throws IOException {
        JsonNode release = YAML.readTree(WORKFLOWS.resolve("release.yml").toFile());
        assertEquals("v*", release.path("on").path("push").path("tags").get(0).asText());

        JsonNode nativeJob = release.path("jobs").path("native");
        Set<String> platforms = new TreeSet<>();
        nativeJob.path("strategy").path("matrix").path("include").forEach(p -> platforms.add(p.path("os").asText() + "/" + p.path("arch").asText()));
        assertEquals(new TreeSet<>(DistManifestTest.PLATFORMS), platforms);
        String nativeRuns = String.join("\n", nativeJob.findValuesAsText("run"));
        assertTrue(nativeRuns.contains("mvn -B -Pnative verify"), nativeRuns);
        assertTrue(nativeRuns.contains("dist/package"), nativeRuns);

        String publishRuns = String.join("\n", release.path("jobs").path("publish").findValuesAsText("run"));
        assertTrue(publishRuns.contains("--require-all"), publishRuns);
        assertTrue(publishRuns.contains("dist/Dist.java check"), publishRuns);
        assertTrue(publishRuns.contains("validate-krew-manifest"), publishRuns);
        assertTrue(publishRuns.contains("gh release create"), publishRuns);
    }
}
