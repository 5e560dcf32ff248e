package io.kubectlgpu.core;

/**
 * A failure the user can act on: one line saying what is wrong, an optional hint saying what to do,
 * and the exit code that tells scripts which kind of failure it was. Thrown from anywhere, printed
 * in one place ({@code io.kubectlgpu.cli.ErrorHandler}).
 */
public class GpuException extends RuntimeException {
    private final ExitCode exitCode;
    private final String hint;

    public GpuException(ExitCode exitCode, String message) {
        this(exitCode, message, null, null);
    }

    public GpuException(ExitCode exitCode, String message, String hint) {
        this(exitCode, message, hint, null);
    }

    public GpuException(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    public ExitCode exitCode() {
        return exitCode;
    }

    /** What to do about it, or null. */
    public String hint() {
        return hint;
    }

    public static GpuException usage(String message, String hint) {
        return new GpuException(ExitCode.USAGE, message, hint);
    }

    public static GpuException conditionFailed(String message, String hint) {
        return new GpuException(ExitCode.CONDITION_FAILED, message, hint);
    }
}
