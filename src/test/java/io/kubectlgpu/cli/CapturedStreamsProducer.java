package io.kubectlgpu.cli;

import io.quarkus.picocli.runtime.PicocliCommandLineFactory;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import picocli.CommandLine;

/**
 * Test-only (in-process launches of {@code @QuarkusMainTest}): the command's out and err go to the files the
 * test driver names in {@link #STDOUT}/{@link #STDERR}, so what a test reads is exactly what the command wrote.
 * Quarkus' test launcher otherwise captures everything that reaches the console during a launch, framework
 * log lines of any thread included (they go to the captured stdout in test mode, to stderr in production).
 * The command line itself is the application's own ({@link CommandLineProducer}).
 */
@ApplicationScoped
public class CapturedStreamsProducer {
    public static final String STDOUT = "kubectl-gpu.test.stdout";
    public static final String STDERR = "kubectl-gpu.test.stderr";

    @Produces
    @Alternative
    @Priority(1)
    CommandLine commandLine(PicocliCommandLineFactory factory) {
        CommandLine commandLine = new CommandLineProducer().commandLine(factory);
        String out = System.getProperty(STDOUT);
        String err = System.getProperty(STDERR);
        if (out != null && err != null) {
            commandLine.setOut(new PrintWriter(new FileAppender(Path.of(out)), true));
            commandLine.setErr(new PrintWriter(new FileAppender(Path.of(err)), true));
        }
        return commandLine;
    }

    /** Unbuffered: every write lands in the file at once, so nothing is lost when the launch returns. */
    private static final class FileAppender extends Writer {
        private final Path file;

        FileAppender(Path file) {
            this.file = file;
            append("");
        }

        private void append(String s) {
            try {
                Files.writeString(file, s, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void write(char[] buf, int off, int len) {
            append(new String(buf, off, len));
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
