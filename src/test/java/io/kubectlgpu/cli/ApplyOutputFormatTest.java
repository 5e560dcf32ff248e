package io.kubectlgpu.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** -o of the commands that create objects (install, run): an unknown format is a usage error, as for verify. */
@QuarkusMainTest
class ApplyOutputFormatTest {
    @Test
    void anUnknownOutputFormatIsAUsageErrorOnEveryCommand(QuarkusMainLauncher launcher) {
        // issue 13, defect 4: install and run exited 4 (internal error: TypeConversionException) where verify exits 2
        for (String[] args : new String[][] {
                {"install", "-o", "xml", "--dry-run=client"},
                {"run", "-o", "xml", "--dry-run=client"},
                {"verify", "-o", "xml", "--kubeconfig=/nonexistent"}}) {
            Cli run = Cli.run(launcher, args);
            assertEquals(2, run.exitCode(), run.toString());
            assertThat(run.toString(), run.stderr(), containsString("xml"));
            assertThat(run.toString(), run.stderr(), not(containsString("internal error")));
            assertThat(run.toString(), run.stderr(), not(containsString("Exception")));
            assertEquals("", run.stdout(), run.toString());
        }
    }
}
