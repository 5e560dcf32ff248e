package io.kubectlgpu.aks;

import com.azure.resourcemanager.resources.fluent.ProvidersClient;
import com.azure.resourcemanager.resources.fluent.models.FeatureResultInner;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * aks feature register/show: Microsoft.Features preview features, registered and waited for as the 2020 guide did
 * by hand ('az feature register', 'az feature list' until Registered, 'az provider register').
 */
public final class AksFeatures {
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private AksFeatures() {
    }

    public static List<PlannedRequest> plan(AzureSettings s, String namespace, String name) {
        String sub = s.subscriptionOrPlaceholder();
        return List.of(new PlannedRequest("POST", s.url(ArmApi.feature(sub, namespace, name) + "/register", ArmApi.FEATURES),
                        Map.of(), null, null),
                new PlannedRequest("POST", s.url(ArmApi.provider(sub, namespace) + "/register", ArmApi.RESOURCES), Map.of(),
                        null, "sent once the feature is Registered"));
    }

    /** A warning when the feature belongs to a retired platform capability, else null. */
    public static String retiredWarning(String name) {
        if (name.equalsIgnoreCase("GPUDedicatedVHDPreview")) {
            return "GPUDedicatedVHDPreview (the GPU-dedicated node image) was retired on 2025-01-10; registering it "
                    + "changes nothing. For AKS-managed GPU pools register ManagedGPUExperiencePreview instead";
        }
        return null;
    }

    public static AksFeatureState show(AzureArm arm, String namespace, String name) {
        return new AksFeatureState(namespace + "/" + name, state(arm, namespace, name), null);
    }

    public static AksFeatureState register(AzureArm arm, String namespace, String name, boolean wait, Duration timeout) {
        Console console = arm.console();
        AzureSettings s = arm.settings();
        String full = namespace + "/" + name;
        String subscription = ArmApi.subscription(s.subscription());
        FeatureResultInner registered = feature(arm, full,
                () -> arm.features().getFeatures().register(namespace, name),
                "Microsoft.Features/providers/features/register/action");
        String state = stateOf(registered);
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
            AzureArm.sleep(s.pollInterval(), "feature " + full);
            String now = state(arm, namespace, name);
            if (!now.equals(state) || Duration.between(shown, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                console.info("feature " + full + ": " + now + " (" + Durations.human(elapsed(start)) + ")");
                shown = Instant.now();
            }
            state = now;
        }
        ProvidersClient providers = arm.resources().getProviders();
        String providerState = arm.call(() -> providers.register(namespace), namespace + "/register/action", subscription, null)
                .registrationState();
        console.info("resource provider " + namespace + ": re-registering so that it picks up the feature");
        while (providerState == null || !providerState.equalsIgnoreCase("Registered")) {
            if (elapsed(start).compareTo(timeout) > 0) {
                throw GpuException.conditionFailed("resource provider " + namespace + " is still " + providerState + " after "
                        + Durations.human(timeout), "registration continues in Azure");
            }
            AzureArm.sleep(s.pollInterval(), "resource provider " + namespace);
            String now = arm.call(() -> providers.get(namespace), namespace + "/read", subscription, null).registrationState();
            if (now != null && !now.equals(providerState)) {
                console.info("resource provider " + namespace + ": " + now);
            }
            providerState = now;
        }
        console.info("feature " + full + ": Registered, resource provider " + namespace + ": Registered ("
                + Durations.human(elapsed(start)) + ")");
        return new AksFeatureState(full, state, providerState);
    }

    private static String state(AzureArm arm, String namespace, String name) {
        return stateOf(feature(arm, namespace + "/" + name, () -> arm.features().getFeatures().get(namespace, name),
                "Microsoft.Features/providers/features/read"));
    }

    /** A feature call; a feature that does not exist is one line of its own. */
    private static FeatureResultInner feature(AzureArm arm, String full, Supplier<FeatureResultInner> call, String action) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                throw GpuException.conditionFailed("feature " + full + " does not exist (" + AzureErrors.code(e) + ")",
                        "check the name; feature names are case-sensitive");
            }
            throw AzureErrors.from(e, action, ArmApi.subscription(arm.settings().subscription()), null, arm.settings());
        }
    }

    private static String stateOf(FeatureResultInner r) {
        String state = r == null || r.properties() == null ? null : r.properties().state();
        return state == null ? "Unknown" : state;
    }

    private static Duration elapsed(Instant start) {
        return Duration.between(start, Instant.now());
    }
}
