package io.kubectlgpu.aks;

import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * aks feature register/show: Microsoft.Features preview features, registered and waited for as the 2020 guide did
 * by hand ('az feature register', 'az feature list' until Registered, 'az provider register').
 */
public final class AksFeatures {
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private AksFeatures() {
    }

    public static ArmRequest registerRequest(AzureSettings s, String namespace, String name) {
        String sub = s.subscriptionOrPlaceholder();
        return new ArmRequest("POST", s.url(ArmApi.feature(sub, namespace, name) + "/register", ArmApi.FEATURES), Map.of(),
                null, "Microsoft.Features/providers/features/register/action", ArmApi.subscription(sub), null);
    }

    public static ArmRequest providerRegisterRequest(AzureSettings s, String namespace) {
        String sub = s.subscriptionOrPlaceholder();
        return new ArmRequest("POST", s.url(ArmApi.provider(sub, namespace) + "/register", ArmApi.RESOURCES), Map.of(), null,
                namespace + "/register/action", ArmApi.subscription(sub), null);
    }

    public static List<ArmRequest> plan(AzureSettings s, String namespace, String name) {
        return List.of(registerRequest(s, namespace, name),
                providerRegisterRequest(s, namespace).withNote("sent once the feature is Registered"));
    }

    /** A warning when the feature belongs to a retired platform capability, else null. */
    public static String retiredWarning(String name) {
        if (name.equalsIgnoreCase("GPUDedicatedVHDPreview")) {
            return "GPUDedicatedVHDPreview (the GPU-dedicated node image) was retired on 2025-01-10; registering it "
                    + "changes nothing. For AKS-managed GPU pools register ManagedGPUExperiencePreview instead";
        }
        return null;
    }

    public static AksFeatureState show(ArmClient arm, String namespace, String name) {
        return new AksFeatureState(namespace + "/" + name, state(arm, namespace, name), null);
    }

    public static AksFeatureState register(ArmClient arm, String namespace, String name, boolean wait, Duration timeout) {
        Console console = arm.console();
        AzureSettings s = arm.settings();
        String full = namespace + "/" + name;
        ArmRequest register = registerRequest(s, namespace, name);
        ArmResponse r = arm.send(register);
        if (r.status() == 404) {
            throw GpuException.conditionFailed("feature " + full + " does not exist ("
                    + ArmErrors.ArmError.of(r.body(), 404).code() + ")", "check the name; feature names are case-sensitive");
        }
        if (!r.ok()) {
            throw ArmErrors.fromResponse(register, r, null);
        }
        String state = stateOf(r);
        console.info("feature " + full + ": " + state);
        if (!wait) {
            return new AksFeatureState(full, state, null);
        }
        Instant start = Instant.now();
        Instant shown = Instant.now();
        boolean pendingNoted = false;
        while (!state.equalsIgnoreCase("Registered")) {
            if (state.equalsIgnoreCase("Pending") && !pendingNoted) {
                console.info("feature " + full + " is Pending: it needs approval before Azure registers it");
                pendingNoted = true;
            }
            if (elapsed(start).compareTo(timeout) > 0) {
                throw GpuException.conditionFailed("feature " + full + " is still " + state + " after " + Durations.human(timeout),
                        "registration continues in Azure; check it with 'kubectl gpu aks feature show " + full + "'");
            }
            ArmOperations.sleep(s.pollInterval(), "feature " + full);
            String now = state(arm, namespace, name);
            if (!now.equals(state) || Duration.between(shown, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                console.info("feature " + full + ": " + now + " (" + Durations.human(elapsed(start)) + ")");
                shown = Instant.now();
            }
            state = now;
        }
        ArmRequest provider = providerRegisterRequest(s, namespace);
        String providerState = Json.text(arm.call(provider, null).body(), "registrationState");
        console.info("resource provider " + namespace + ": re-registering so that it picks up the feature");
        String providerUrl = s.url(ArmApi.provider(s.subscription(), namespace), ArmApi.RESOURCES);
        while (providerState == null || !providerState.equalsIgnoreCase("Registered")) {
            if (elapsed(start).compareTo(timeout) > 0) {
                throw GpuException.conditionFailed("resource provider " + namespace + " is still " + providerState + " after "
                        + Durations.human(timeout), "registration continues in Azure");
            }
            ArmOperations.sleep(s.pollInterval(), "resource provider " + namespace);
            String now = Json.text(arm.call(ArmRequest.get(providerUrl, namespace + "/read", ArmApi.subscription(s.subscription())),
                    null).body(), "registrationState");
            if (now != null && !now.equals(providerState)) {
                console.info("resource provider " + namespace + ": " + now);
            }
            providerState = now;
        }
        console.info("feature " + full + ": Registered, resource provider " + namespace + ": Registered ("
                + Durations.human(elapsed(start)) + ")");
        return new AksFeatureState(full, state, providerState);
    }

    private static String state(ArmClient arm, String namespace, String name) {
        AzureSettings s = arm.settings();
        String sub = s.subscription();
        ArmRequest get = ArmRequest.get(s.url(ArmApi.feature(sub, namespace, name), ArmApi.FEATURES),
                "Microsoft.Features/providers/features/read", ArmApi.subscription(sub));
        ArmResponse r = arm.send(get);
        if (r.status() == 404) {
            throw GpuException.conditionFailed("feature " + namespace + "/" + name + " does not exist ("
                    + ArmErrors.ArmError.of(r.body(), 404).code() + ")", "check the name; feature names are case-sensitive");
        }
        if (!r.ok()) {
            throw ArmErrors.fromResponse(get, r, null);
        }
        return stateOf(r);
    }

    private static String stateOf(ArmResponse r) {
        String state = Json.text(r.body(), "properties", "state");
        return state == null ? "Unknown" : state;
    }

    private static Duration elapsed(Instant start) {
        return Duration.between(start, Instant.now());
    }
}
