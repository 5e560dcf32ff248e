package io.kubectlgpu.core;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Ctrl-C (SIGINT) and SIGTERM while a command works on the cluster: the action of the current phase runs
 * first, while the client still works (it says what state is left, and cleans up what it promised to),
 * then the process exits with 130. A JVM shutdown hook would run too late: the application's own shutdown
 * closes the HTTP client such an action needs. Once interrupted, failures of requests that the shutdown
 * cuts off are not reported (see {@link #interrupted()}): the user asked to stop.
 */
public final class Interrupts {
    /** What the current phase does on an interrupt. */
    public interface Handle extends AutoCloseable {
        @Override
        void close();
    }

    private static final AtomicBoolean INTERRUPTED = new AtomicBoolean();
    private static final AtomicReference<Runnable> ACTION = new AtomicReference<>();
    private static boolean installed;

    private Interrupts() {
    }

    /** Installs the handlers for SIGINT and SIGTERM (once per process); without an action, they just exit 130. */
    public static synchronized void install() {
        if (installed) {
            return;
        }
        installed = true;
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), Interrupts::onSignal);
            } catch (IllegalArgumentException unsupported) {
                // no such signal here (some platforms): the default handling stays
            }
        }
    }

    /**
     * Sets what an interrupt does during the phase that follows, until the handle is closed.
     * The action runs on the signal's thread; the process then exits with 130.
     */
    public static Handle during(Runnable action) {
        install();
        Runnable previous = ACTION.getAndSet(action);
        return () -> ACTION.compareAndSet(action, previous);
    }

    /** Whether SIGINT or SIGTERM has arrived: the process is on its way out with 130. */
    public static boolean interrupted() {
        return INTERRUPTED.get();
    }

    private static void onSignal(Signal signal) {
        if (INTERRUPTED.getAndSet(true)) {
            Runtime.getRuntime().halt(ExitCode.INTERRUPTED.code); // a second Ctrl-C: stop now
            return;
        }
        try {
            Runnable action = ACTION.get();
            if (action != null) {
                action.run();
            }
        } finally {
            // the client's watches and requests are cut off by the shutdown that follows; that is no error to report
            ClientLogs.off();
            System.exit(ExitCode.INTERRUPTED.code);
        }
    }
}
