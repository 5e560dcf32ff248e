package io.kubectlgpu.verify;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Await;
import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same tests against the packaged application (the native executable under mvn -Pnative verify, else the JAR),
 * and Ctrl-C during the probes, which only a process of its own can receive.
 */
@QuarkusMainIntegrationTest
class VerifyProbeIT extends VerifyProbeTest {
    @TempDir
    Path streams;

    @Test
    void ctrlCWhileAProbeRunsDeletesTheProbePodsAndExits130() throws Exception {
        withHungGpuNode(() -> {
            ProcessBuilder pb = PackagedApp.process(List.of("verify", "--probe", "--node", HUNG_NODE, "--probe-timeout", "10m",
                    "-n", "probes", CLUSTER.kubeconfigArg()));
            pb.command(PackagedApp.withDefaultSignals(pb.command()));
            Path stderr = streams.resolve("stderr");
            Process verify = pb.redirectOutput(streams.resolve("stdout").toFile()).redirectError(stderr.toFile()).start();
            try {
                // 120 s: the probe pod's scheduling and kwok's Running status on a loaded 2-core machine
                Await.until(Duration.ofSeconds(120), "the probe pod runs on " + HUNG_NODE, () -> !CLUSTER.kubectl("get", "pods",
                        "-n", "probes", "-l", "app.kubernetes.io/component=gpu-probe", "--field-selector=status.phase=Running",
                        "-o", "name").isBlank());
                Testenv.exec(List.of("kill", "-INT", String.valueOf(verify.pid())), Map.of(), 10).requireSuccess(); // 10 s: kill returns at once
                // 60 s: one delete request and the exit, on a loaded machine
                assertTrue(verify.waitFor(60, TimeUnit.SECONDS), "verify did not end after Ctrl-C");
                String err = Files.readString(stderr, StandardCharsets.UTF_8);
                assertEquals(130, verify.exitValue(), err);
                assertThat(err, err, containsString("interrupted: the probe pods of this run were deleted"));
                awaitNoProbePods();
            } finally {
                verify.destroyForcibly().waitFor();
            }
        });
    }
}
