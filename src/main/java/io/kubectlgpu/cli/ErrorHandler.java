package io.kubectlgpu.cli;

import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.core.Interrupts;
import io.kubectlgpu.kube.ApiErrors;
import io.kubectlgpu.output.Colors;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place where failures become output: a red "error:" line, an optional hint, the documented
 * exit code, and a stack trace only with -v.
 */
public final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        if (Interrupts.interrupted()) {
            // Ctrl-C or SIGTERM: the signal's handler said what was left and exits with 130; what the
            // shutdown cut off (closed client, watches) is no error to report
            return ExitCode.INTERRUPTED.code;
        }
        boolean verbose = verbose(parseResult);
        GpuException known = ex instanceof GpuException g ? g : ApiErrors.translate(ex, null, null);
        PrintWriter err = cmd.getErr();
        Colors colors = colors(parseResult);
        if (known != null && known.getMessage() == null) {
            return known.exitCode().code; // already said (Ctrl-C)
        }
        if (known != null) {
            err.println(colors.red("error: ") + known.getMessage());
            err.println("  " + (known.hint() != null ? known.hint() : "see '" + qualifiedName(cmd) + " --help'"));
            if (verbose && known.getCause() != null) {
                known.getCause().printStackTrace(err);
            }
            err.flush();
            return known.exitCode().code;
        }
        err.println(colors.red("error: ") + "internal error: " + String.valueOf(ex).lines().findFirst().orElse(""));
        err.println("  this is a bug in kubectl-gpu: " + (verbose ? "please report it with the output above and below"
                : "run again with -v for details, and report it"));
        if (verbose) {
            ex.printStackTrace(err);
        }
        err.flush();
        return ExitCode.INTERNAL.code;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("error: " + ex.getMessage());
        // picocli's "Did you mean: ..." is part of the hint, indented under the one error line
        java.io.StringWriter suggestions = new java.io.StringWriter();
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, new PrintWriter(suggestions));
        suggestions.toString().lines().filter(l -> !l.isBlank())
                .forEach(l -> err.println("  " + l.strip().replaceFirst("^Did you mean", "did you mean")));
        err.println("  see '" + qualifiedName(cmd) + " --help'");
        err.flush();
        return ExitCode.USAGE.code;
    }

    /** 'kubectl gpu run', as the user types it through kubectl. */
    private static String qualifiedName(CommandLine cmd) {
        return cmd.getCommandSpec().qualifiedName().replaceFirst("^kubectl-gpu", "kubectl gpu");
    }

    private static boolean verbose(ParseResult pr) {
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }

    private static Colors colors(ParseResult pr) {
        String mode = "auto";
        for (ParseResult p = pr; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--color")) {
                mode = p.matchedOptionValue("--color", "auto");
            }
        }
        return Colors.forMode(mode);
    }
}
