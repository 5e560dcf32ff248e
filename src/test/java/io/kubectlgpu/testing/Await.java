package io.kubectlgpu.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits on a condition, never for a fixed time: returns as soon as it holds, fails with the reason when it does not. */
public final class Await {
    private static final long POLL_MILLIS = 50;

    private Await() {
    }

    /** Whether {@code condition} came to hold within {@code timeout}. */
    public static boolean within(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS); // the interval between two looks at the condition, not a wait for an outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Fails with {@code what} when {@code condition} does not hold within {@code timeout}. */
    public static void until(Duration timeout, String what, BooleanSupplier condition) {
        if (!within(timeout, condition)) {
            throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what);
        }
    }
}
