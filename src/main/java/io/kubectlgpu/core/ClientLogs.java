package io.kubectlgpu.core;

import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Kubernetes client's own log lines. Off by default (application.properties): the commands say
 * themselves what failed and what they do about it ("cannot reach the API server ... retrying"), and a client's
 * "Log Callback Failure" or "listSyncAndWatch failed" with its stack trace is noise on stderr. With -v they
 * show from WARNING up; on an interrupt they are off again, since the shutdown cuts requests off on purpose.
 */
public final class ClientLogs {
    // strong references: java.util.logging keeps loggers weakly, and a collected logger forgets its level
    private static final Logger CLIENT = Logger.getLogger("io.fabric8");

    private ClientLogs() {
    }

    public static void verbose() {
        CLIENT.setLevel(Level.WARNING);
    }

    public static void off() {
        CLIENT.setLevel(Level.OFF);
    }
}
