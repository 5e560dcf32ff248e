package io.kubectlgpu.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;

/** The test driver itself: what a test reads as a command's stdout and stderr is exactly what the command wrote. */
@QuarkusMainTest
class CliDriverTest {
    private static final String NOISE = "framework noise from another thread";

    @Test
    void logLinesOfOtherThreadsDuringALaunchReachNeitherStdoutNorStderr(QuarkusMainLauncher launcher) throws Exception {
        AtomicBoolean launching = new AtomicBoolean(true);
        Thread noisy = new Thread(() -> {
            Logger log = Logger.getLogger("io.quarkus.test.noise");
            while (launching.get()) {
                // what a harness or framework prints on another thread all along the launch: a log line, a println
                log.error(NOISE);
                System.out.println(NOISE);
                System.err.println(NOISE);
                java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // pacing the noise, not waiting for anything
            }
        });
        noisy.start();
        Cli version;
        Cli failing;
        try {
            version = Cli.run(launcher, "version", "--client");
            failing = Cli.run(launcher, "verify", "--min-gpu", "3");
        } finally {
            launching.set(false);
            noisy.join();
        }

        assertEquals(0, version.exitCode(), version.toString());
        assertTrue(version.stdout().matches("Client Version: v\\S+\n"), version.toString());
        assertEquals("", version.stderr(), version.toString());
        assertFalse(version.stdout().contains(NOISE), version.toString());

        assertEquals(2, failing.exitCode(), failing.toString());
        assertEquals("", failing.stdout(), failing.toString());
        assertTrue(failing.stderr().startsWith("error: "), failing.toString());
        assertFalse(failing.stderr().contains(NOISE), failing.toString());
    }
}
