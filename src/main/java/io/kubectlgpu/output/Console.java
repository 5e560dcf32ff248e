package io.kubectlgpu.output;

import java.io.PrintWriter;

/**
 * Where a command writes: stdout carries data only (tables, YAML, JSON, kubeconfig paths); stderr
 * carries progress, warnings and errors. {@code quiet} silences chatter when stdout is machine-read
 * (-o json|yaml).
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;
    private final boolean verbose;
    private final Colors colors;

    public Console(PrintWriter out, PrintWriter err, boolean quiet, boolean verbose, Colors colors) {
        this.out = out;
        this.err = err;
        this.quiet = quiet;
        this.verbose = verbose;
        this.colors = colors;
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public Colors colors() {
        return colors;
    }

    public boolean verbose() {
        return verbose;
    }

    /** A line of data on stdout. */
    public void data(String line) {
        out.println(line);
        out.flush();
    }

    /** Progress or information on stderr, silent under -o json|yaml. */
    public void info(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    /** A warning on stderr; shown even under -o json|yaml because it may change what the data means. */
    public void warn(String line) {
        err.println(colors.yellow("Warning: ") + line);
        err.flush();
    }

    /** Detail for -v. */
    public void debug(String line) {
        if (verbose) {
            err.println(colors.dim(line));
            err.flush();
        }
    }

    /** A console that drops everything; for services called where nobody listens. */
    public static Console discarding() {
        PrintWriter nowhere = new PrintWriter(java.io.Writer.nullWriter());
        return new Console(nowhere, nowhere, true, false, Colors.NONE);
    }
}
