package io.kubectlgpu.cli;

import io.kubectlgpu.core.ExitCode;
import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import picocli.CommandLine;

/** Builds the CommandLine Quarkus runs, with the CLI's single error handler and its help layout installed. */
@ApplicationScoped
public class CommandLineProducer {
    @Produces
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        ErrorHandler errors = new ErrorHandler();
        return HelpLayout.apply(factory.create())
                .setExecutionExceptionHandler(errors)
                .setParameterExceptionHandler(errors)
                .setExitCodeExceptionMapper(t -> ExitCode.INTERNAL.code)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }
}
