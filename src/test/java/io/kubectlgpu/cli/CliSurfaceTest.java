package io.kubectlgpu.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** What a user sees before touching any cluster: help, version, completion, mistakes. */
@QuarkusMainTest
class CliSurfaceTest {
    @Test
    void helpListsTheJourneyAndTheExitCodes(QuarkusMainLauncher launcher) {
        Cli help = Cli.run(launcher, "--help");
        assertEquals(0, help.exitCode(), help.toString());
        assertThat(help.toString(), help.stdout(), containsString("Usage: kubectl gpu"));
        for (String command : new String[] {"install", "verify", "run", "watch", "logs", "delete", "uninstall", "aks", "version", "completion"}) {
            assertThat(help.toString(), help.stdout(), containsString("  " + command + " "));
        }
        assertThat(help.toString(), help.stdout(), containsString("Exit codes: 0 ok, 1 a checked condition does not hold, 2 usage error"));

        Cli installHelp = Cli.run(launcher, "install", "-h");
        assertEquals(0, installHelp.exitCode(), installHelp.toString());
        assertThat(installHelp.toString(), installHelp.stdout(), containsString("Usage: kubectl gpu install"));
        assertThat(installHelp.toString(), installHelp.stdout(), containsString("kubectl gpu install --dry-run=client -o yaml"));
    }

    @Test
    void completionScriptKnowsTheCommandsAndRefusesUnknownShells(QuarkusMainLauncher launcher) {
        Cli bash = Cli.run(launcher, "completion", "bash");
        assertEquals(0, bash.exitCode(), bash.toString());
        assertThat(bash.stdout(), containsString("complete -F"));
        assertThat(bash.stdout(), containsString("verify"));
        assertThat(bash.stdout(), containsString("--min-gpus"));

        Cli fish = Cli.run(launcher, "completion", "fish");
        assertEquals(2, fish.exitCode(), fish.toString());
        assertThat(fish.toString(), fish.stderr(), containsString("shell 'fish' is not supported"));
    }

    @Test
    void colourModeIsValidated(QuarkusMainLauncher launcher) {
        Cli bad = Cli.run(launcher, "install", "--color", "sometimes");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertThat(bad.toString(), bad.stderr(), containsString("'sometimes' is not one of auto, always, never"));
    }

    @Test
    void mistakesAreUsageErrorsWithSuggestions(QuarkusMainLauncher launcher) {
        Cli typo = Cli.run(launcher, "verfy");
        assertEquals(2, typo.exitCode(), typo.toString());
        assertThat(typo.toString(), typo.stderr(), containsString("verify"));

        Cli badFlag = Cli.run(launcher, "verify", "--min-gpu", "3");
        assertEquals(2, badFlag.exitCode(), badFlag.toString());
        assertThat(badFlag.toString(), badFlag.stderr(), containsString("--min-gpus"));
        assertThat(badFlag.toString(), badFlag.stderr(), containsString("see 'kubectl gpu verify --help'"));

        Cli badDuration = Cli.run(launcher, "verify", "--timeout", "soon");
        assertEquals(2, badDuration.exitCode(), badDuration.toString());
        assertThat(badDuration.toString(), badDuration.stderr(), containsString("'soon' is not a duration"));

        Cli badOutput = Cli.run(launcher, "verify", "-o", "xml");
        assertEquals(2, badOutput.exitCode(), badOutput.toString());
        assertThat(badOutput.toString(), badOutput.stderr(), containsString("'xml' is not an output format"));
    }
}
