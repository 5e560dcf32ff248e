package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * Waits for ARM long-running operations the way ARM's contract describes them: the Azure-AsyncOperation status
 * URL when the PUT returns one, else the Location URL, else the resource's provisioningState; polls as often as
 * Retry-After asks, and reports progress on stderr.
 */
public final class ArmOperations {
    private static final Set<String> TERMINAL = Set.of("succeeded", "failed", "canceled", "cancelled");
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);
    private static final Duration MIN_POLL = Duration.ofMillis(200);

    private ArmOperations() {
    }

    /**
     * @param what    e.g. "managed cluster gpu-aks", for progress and errors
     * @param context size and region, for quota and capacity errors
     * @return the resource as a GET answers once the operation succeeded
     */
    public static JsonNode await(ArmClient arm, ArmRequest put, ArmResponse initial, String what, String context,
            Duration timeout) {
        Console console = arm.console();
        Instant start = Instant.now();
        String asyncUrl = initial.header("azure-asyncoperation");
        String locationUrl = initial.header("location");
        String state = provisioningState(initial.body(), "Accepted");
        ArmRequest resourceGet = ArmRequest.get(put.url(), readAction(put.action()), put.scope());
        console.info(what + ": " + state);
        if (asyncUrl == null && locationUrl == null && initial.status() == 200 && TERMINAL.contains(lower(state))) {
            return finish(initial.body(), state, what, context, console, start);
        }
        ArmResponse last = initial;
        String shown = state;
        Instant lastShown = Instant.now();
        while (true) {
            if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
                throw GpuException.conditionFailed(what + " is still " + shown + " after " + Durations.human(timeout),
                        "the operation continues in Azure; check it later in the portal or with 'az aks show'");
            }
            sleep(delay(last, arm.settings().pollInterval()), what);
            String now;
            if (asyncUrl != null) {
                last = arm.call(ArmRequest.get(asyncUrl, readAction(put.action()), put.scope()), context);
                now = Json.text(last.body(), "status");
                if (now == null) {
                    now = "InProgress";
                }
                if (lower(now).equals("failed") || lower(now).startsWith("cancel")) {
                    throw ArmErrors.operationFailed(Json.at(last.body(), "error"), what, now, context);
                }
                if (lower(now).equals("succeeded")) {
                    break;
                }
            } else if (locationUrl != null) {
                last = arm.send(ArmRequest.get(locationUrl, readAction(put.action()), put.scope()));
                if (last.status() == 202) {
                    now = "InProgress";
                } else if (last.ok()) {
                    break;
                } else {
                    throw ArmErrors.operationFailed(Json.at(last.body(), "error"), what, "Failed", context);
                }
            } else {
                last = arm.call(resourceGet, context);
                now = provisioningState(last.body(), "Unknown");
                if (TERMINAL.contains(lower(now))) {
                    return finish(last.body(), now, what, context, console, start);
                }
            }
            String display = now.equals("InProgress") ? state : now;
            if (!display.equals(shown) || Duration.between(lastShown, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                console.info(what + ": " + display + " (" + Durations.human(Duration.between(start, Instant.now())) + ")");
                shown = display;
                lastShown = Instant.now();
            }
        }
        JsonNode resource = arm.call(resourceGet, context).body();
        return finish(resource, provisioningState(resource, "Succeeded"), what, context, console, start);
    }

    private static JsonNode finish(JsonNode resource, String state, String what, String context, Console console,
            Instant start) {
        if (!lower(state).equals("succeeded")) {
            throw ArmErrors.operationFailed(Json.at(resource, "properties", "status", "provisioningError"), what, state, context);
        }
        console.info(what + ": " + state + " (" + Durations.human(Duration.between(start, Instant.now())) + ")");
        return resource;
    }

    /** Retry-After (seconds) when ARM gives it, else the configured interval. */
    static Duration delay(ArmResponse response, Duration fallback) {
        String after = response.header("retry-after");
        Duration d = fallback;
        if (after != null) {
            try {
                d = Duration.ofSeconds(Long.parseLong(after.trim()));
            } catch (NumberFormatException e) {
                d = fallback;
            }
        }
        return d.compareTo(MIN_POLL) < 0 ? MIN_POLL : d;
    }

    public static void sleep(Duration d, String what) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuException(ExitCode.INTERRUPTED, "interrupted while waiting for " + what,
                    "the operation continues in Azure");
        }
    }

    static String provisioningState(JsonNode body, String otherwise) {
        String s = Json.text(body, "properties", "provisioningState");
        return s == null ? otherwise : s;
    }

    private static String readAction(String writeAction) {
        return writeAction.endsWith("/write") ? writeAction.substring(0, writeAction.length() - 6) + "/read" : writeAction;
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
