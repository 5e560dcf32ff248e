package io.kubectlgpu.core;

/**
 * The documented exit codes of every kubectl-gpu command (README, "Exit codes").
 * Scripts gate on these, so the numbers never change meaning.
 */
public enum ExitCode {
    /** Everything asked for was done, every expectation holds. */
    OK(0),
    /** The command ran, but a checked condition does not hold: an expectation of verify, a failed Job,
     *  a rollout that did not converge, a preflight that refused to change the cluster, a timeout. */
    CONDITION_FAILED(1),
    /** The input is wrong: unknown flag, bad value, unknown context, unreadable kubeconfig. */
    USAGE(2),
    /** The cluster (or Azure) cannot be reached, or refused the credentials or the request (401/403). */
    UNREACHABLE_OR_FORBIDDEN(3),
    /** A bug or an unexpected answer: report it, with the output of -v. */
    INTERNAL(4),
    /** Interrupted (Ctrl-C) before the outcome was known; what was started keeps running. */
    INTERRUPTED(130);

    public final int code;

    ExitCode(int code) {
        this.code = code;
    }
}
