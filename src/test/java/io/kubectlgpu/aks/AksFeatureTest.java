package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** aks feature register/show against the fake's Microsoft.Features and provider registration. */
@QuarkusMainTest
class AksFeatureTest extends AksArmTestBase {
    @BeforeEach
    void reset() {
        arm.addFeature("Microsoft.ContainerService", "ManagedGPUExperiencePreview");
        arm.addFeature("Microsoft.ContainerService", "GPUDedicatedVHDPreview");
    }

    @Test
    void registerWaitsFromRegisteringToRegisteredThenReRegistersTheResourceProvider(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "feature", "register", "ManagedGPUExperiencePreview", "--poll-interval", "50ms");

        assertEquals(0, run.exitCode(), run.toString());
        List<String> calls = arm.arm().stream().map(r -> r.method() + " " + r.path().replace("/subscriptions/" + AksArmFake.SUBSCRIPTION, "")
                + " " + r.apiVersion()).toList();
        String feature = "/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/ManagedGPUExperiencePreview";
        assertEquals("POST " + feature + "/register " + ArmApi.FEATURES, calls.get(0), calls.toString());
        assertEquals(List.of("GET " + feature + " " + ArmApi.FEATURES, "GET " + feature + " " + ArmApi.FEATURES,
                "GET " + feature + " " + ArmApi.FEATURES), calls.subList(1, 4), "polled until Registered");
        assertEquals("POST /providers/Microsoft.ContainerService/register " + ArmApi.RESOURCES, calls.get(4), calls.toString());
        assertEquals("GET /providers/Microsoft.ContainerService " + ArmApi.RESOURCES, calls.get(calls.size() - 1));
        int registering = run.stderr().indexOf("feature Microsoft.ContainerService/ManagedGPUExperiencePreview: Registering");
        int registered = run.stderr().indexOf("feature Microsoft.ContainerService/ManagedGPUExperiencePreview: Registered (");
        assertTrue(registering >= 0 && registered > registering, run.toString());
        assertThat(run.stdout(), containsString("Microsoft.ContainerService/ManagedGPUExperiencePreview   Registered   Registered"));
    }

    @Test
    void showPrintsTheStateAndTheRetiredGpuImageFeatureIsWarnedAbout(QuarkusMainLauncher launcher) {
        Cli show = Cli.run(launcher, "aks", "feature", "show", "Microsoft.ContainerService/GPUDedicatedVHDPreview", "-o", "json");

        assertEquals(0, show.exitCode(), show.toString());
        assertEquals("NotRegistered", Json.parse(show.stdout()).get("state").asText(), show.toString());
        assertThat(show.stderr(), containsString("Warning: GPUDedicatedVHDPreview (the GPU-dedicated node image) was retired on 2025-01-10"));
        assertEquals(List.of("GET"), arm.arm().stream().map(AksArmFake.Received::method).toList());
    }

    @Test
    void noWaitOnlyRequestsTheRegistration(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "feature", "register", "ManagedGPUExperiencePreview", "--no-wait");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(1, arm.arm().size(), arm.arm().toString());
        assertThat(run.stdout(), containsString("Registering"));
    }

    @Test
    void anUnknownFeatureFailsWithArmsAnswer(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "feature", "register", "NoSuchPreview");

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("feature Microsoft.ContainerService/NoSuchPreview does not exist (FeatureNotFound)"));
        Cli bad = Cli.run(launcher, "aks", "feature", "show", "not a name");
        assertEquals(2, bad.exitCode(), bad.toString());
    }

    @Test
    void dryRunPrintsBothRegistrationsAndSendsNothing(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "aks", "feature", "register", "ManagedGPUExperiencePreview", "--dry-run");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), arm.received);
        assertThat(run.stdout(), containsString("POST " + arm.url() + "/subscriptions/" + AksArmFake.SUBSCRIPTION
                + "/providers/Microsoft.Features/providers/Microsoft.ContainerService/features/ManagedGPUExperiencePreview/register?api-version="
                + ArmApi.FEATURES));
        assertThat(run.stdout(), containsString("# sent once the feature is Registered\nPOST " + arm.url() + "/subscriptions/"
                + AksArmFake.SUBSCRIPTION + "/providers/Microsoft.ContainerService/register?api-version=" + ArmApi.RESOURCES));
    }
}
