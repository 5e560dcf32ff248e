package io.kubectlgpu.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.PackagedApp;
import io.kubectlgpu.testing.Testenv;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Colour, seen on the packaged executable's real stderr (the in-process test launcher strips escape
 * codes): only with --color=always, or auto on a terminal without NO_COLOR.
 */
class CliColourIT {
    private static Testenv.Result run(Map<String, String> env, String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of(PackagedApp.executable().toString()));
        cmd.addAll(List.of(args));
        return Testenv.exec(cmd, env, 60);
    }

    @Test
    void errorsAreRedOnlyWhenColourIsOn() {
        Map<String, String> env = Map.of("JAVA_HOME", System.getProperty("java.home"));
        Testenv.Result always = run(env, "install", "--kubeconfig=/nonexistent", "--color=always");
        assertEquals(2, always.exitCode(), always.toString());
        assertThat(always.toString(), always.stderr(), containsString("\u001b[31merror: \u001b[0m"));

        // auto: stderr is a pipe here, no terminal
        Testenv.Result auto = run(env, "install", "--kubeconfig=/nonexistent");
        assertEquals(2, auto.exitCode(), auto.toString());
        assertThat(auto.toString(), auto.stderr(), not(containsString("\u001b[")));

        Testenv.Result never = run(Map.of("JAVA_HOME", System.getProperty("java.home"), "NO_COLOR", "1"),
                "install", "--kubeconfig=/nonexistent", "--color=never");
        assertEquals(2, never.exitCode(), never.toString());
        assertThat(never.toString(), never.stderr(), not(containsString("\u001b[")));
    }
}
