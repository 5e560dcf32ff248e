package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where the subscription comes from, and what happens when DefaultAzureCredential or ARM refuse. */
@QuarkusMainTest
class AksCredentialsTest {
    static final String OTHER_SUBSCRIPTION = "99999999-8888-7777-6666-555555555555";
    static AksArmFake arm;

    @BeforeAll
    static void start() {
        arm = new AksArmFake();
    }

    @AfterAll
    static void stop() {
        AksTestEnv.clear();
        arm.close();
    }

    @BeforeEach
    void reset() {
        arm.reset();
        AksTestEnv.pointAt(arm);
    }

    @AfterEach
    void restore() {
        AksTestEnv.pointAt(arm);
    }

    @Test
    void theSubscriptionComesFromTheFlagThenTheEnvironmentThenTheAzureCliDefault(QuarkusMainLauncher launcher) throws Exception {
        Cli flag = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c", "-l", "westeurope", "--dry-run",
                "--subscription", OTHER_SUBSCRIPTION);
        assertEquals(0, flag.exitCode(), flag.toString());
        assertThat(flag.stdout(), containsString("/subscriptions/" + OTHER_SUBSCRIPTION + "/resourcegroups/rg?"));

        Cli env = Cli.run(launcher, "aks", "create", "-g", "rg", "-n", "c", "-l", "westeurope", "--dry-run");
        assertThat(env.stdout(), containsString("/subscriptions/" + AksArmFake.SUBSCRIPTION + "/resourcegroups/rg?"));

        Path config = AksTestEnv.emptyDir("azure-config");
        // as the Azure CLI writes it: UTF-8 with a byte order mark
        Files.writeString(config.resolve("azureProfile.json"), "\uFEFF" + """
                {"installationId": "x", "subscriptions": [
                  {"id": "%s", "name": "other", "isDefault": false, "tenantId": "t", "state": "Enabled"},
                  {"id": "%s", "name": "default", "isDefault": true, "tenantId": "t", "state": "Enabled"}]}
                """.formatted(OTHER_SUBSCRIPTION, AksArmFake.SUBSCRIPTION), StandardCharsets.UTF_8);
        System.setProperty("AZURE_SUBSCRIPTION_ID", "");
        System.setProperty("AZURE_CONFIG_DIR", config.toString());
        Cli cli = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "-v");
        assertEquals(0, cli.exitCode(), cli.toString());
        assertEquals(2, arm.requests("GET", "^/subscriptions/" + AksArmFake.SUBSCRIPTION + "/providers/Microsoft.Compute/skus$").size(),
                arm.received.toString());
    }

    @Test
    void withoutAnySubscriptionTheCommandSaysHowToGiveOneAndADryRunShowsAPlaceholder(QuarkusMainLauncher launcher) {
        System.setProperty("AZURE_SUBSCRIPTION_ID", "");

        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");
        assertEquals(2, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: no Azure subscription given"));
        assertThat(run.stderr(), containsString("--subscription"));

        Cli dry = Cli.run(launcher, "aks", "nodepool", "add", "--cluster", "c", "-g", "rg", "--name", "gpu", "--dry-run");
        assertEquals(0, dry.exitCode(), dry.toString());
        assertThat(dry.stdout(), containsString("/subscriptions/{subscriptionId}/resourceGroups/rg/"));
        assertThat(dry.stderr(), containsString("no subscription configured"));

        Cli bad = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "--subscription", "my-subscription");
        assertEquals(2, bad.exitCode(), bad.toString());
        assertThat(bad.stderr(), containsString("is not a subscription ID"));
        assertEquals(List.of(), arm.received);
    }

    @Test
    void noCredentialIsOneMessageSayingWhatWasTriedAndHowToLogIn(QuarkusMainLauncher launcher) {
        // blank, as if unset (a blank system property also masks an environment variable of the same name)
        System.setProperty("AZURE_TENANT_ID", "");
        System.setProperty("AZURE_CLIENT_ID", "");
        System.setProperty("AZURE_CLIENT_SECRET", "");

        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");

        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: no Azure credential found (tried: EnvironmentCredential)"));
        assertThat(run.stderr(), containsString("log in with 'az login'"));
        assertEquals(1, run.stderr().lines().filter(l -> l.startsWith("error:")).count(), run.toString());
        assertEquals(List.of(), arm.received, "nothing reaches ARM without a token");
    }

    @Test
    void aRefusedSignInIsReportedWithoutTheSecretEvenVerbose(QuarkusMainLauncher launcher) {
        String wrong = "wrong-secret-" + System.nanoTime();
        System.setProperty("AZURE_CLIENT_SECRET", wrong);

        Cli run = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "-v");

        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.stderr(), containsString("error: Azure sign-in failed"));
        assertThat(run.stdout() + run.stderr(), not(containsString(wrong)));
        assertTrue(arm.arm().isEmpty(), "no ARM call without a token");
    }

    @Test
    void armRefusingTheTokenAndAnUnreachableEndpointAreExitCode3(QuarkusMainLauncher launcher) throws Exception {
        arm.fail("GET", "/skus$", 401, "InvalidAuthenticationTokenTenant", "The access token is from the wrong issuer.", Map.of(), 1);
        Cli refused = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");
        assertEquals(3, refused.exitCode(), refused.toString());
        assertThat(refused.stderr(), containsString("Azure Resource Manager refused the credentials (401 InvalidAuthenticationTokenTenant)"));

        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        System.setProperty(AzureSettings.ARM_ENDPOINT_VARIABLE, "https://127.0.0.1:" + closedPort);
        Cli unreachable = Cli.run(launcher, "aks", "sizes", "-l", "westeurope");
        assertEquals(3, unreachable.exitCode(), unreachable.toString());
        assertThat(unreachable.stderr(), containsString("cannot reach Azure Resource Manager at https://127.0.0.1:" + closedPort
                + ": connection refused"));
        // that it is reported at once and not after a minute of retries is ArmRetriesTest's (no timing here: a loaded
        // machine makes any bound on wall time flaky)

        Cli http = Cli.run(launcher, "aks", "sizes", "-l", "westeurope", "--arm-endpoint", "http://127.0.0.1:1");
        assertEquals(2, http.exitCode(), http.toString());
        assertThat(http.stderr(), containsString("must be an https URL"));
    }
}
