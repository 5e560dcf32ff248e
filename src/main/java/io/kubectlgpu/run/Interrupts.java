package io.kubectlgpu.run;

import io.kubectlgpu.core.ExitCode;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C while following: runs an action first, then exits with 130. A JVM shutdown hook would run too
 * late, next to the application's own shutdown that closes the HTTP client the action needs.
 */
public final class Interrupts {
    public interface Handle {
        void restore();
    }

    private Interrupts() {
    }

    public static Handle onInterrupt(Runnable action) {
        Signal sigint = new Signal("INT");
        try {
            SignalHandler previous = Signal.handle(sigint, signal -> {
                try {
                    action.run();
                } finally {
                    System.exit(ExitCode.INTERRUPTED.code);
                }
            });
            return () -> Signal.handle(sigint, previous);
        } catch (IllegalArgumentException unsupported) {
            return () -> { }; // no SIGINT here (some platforms): the default handling stays
        }
    }
}
