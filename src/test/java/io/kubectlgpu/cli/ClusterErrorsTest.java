package io.kubectlgpu.cli;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubectlgpu.testing.ApiServer;
import io.kubectlgpu.testing.ApiServerTestBase;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every way of not reaching the cluster gives one clear line and its documented exit code. */
@QuarkusMainTest
class ClusterErrorsTest extends ApiServerTestBase {
    @Test
    void versionPrintsClientAndServerVersions(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "version", apiServer.kubeconfigArg());
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), matchesPattern("Client Version: v\\d+\\.\\d+\\.\\d+\nServer Version: v1\\.34\\.4\n?"));

        Cli json = Cli.run(launcher, "version", apiServer.kubeconfigArg(), "-o", "json");
        assertEquals(0, json.exitCode(), json.toString());
        assertEquals("v" + ApiServer.KUBE_VERSION, io.restassured.path.json.JsonPath.from(json.stdout()).getString("serverVersion.gitVersion"));
    }

    @Test
    void versionClientTouchesNothing(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "version", "--client", "--kubeconfig=/nonexistent");
        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), matchesPattern("Client Version: v\\d+\\.\\d+\\.\\d+\n?"));
        assertEquals("", run.stderr(), run.toString());
    }

    @Test
    void missingKubeconfigIsAUsageError(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "install", "--kubeconfig=/nonexistent/config");
        assertEquals(2, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("kubeconfig /nonexistent/config does not exist"));
        assertThat(run.toString(), run.stderr(), not(containsString("at io.")));
    }

    @Test
    void unknownContextIsAUsageError(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "install", apiServer.kubeconfigArg(), "--context", "no-such-context");
        assertEquals(2, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("context \"no-such-context\" does not exist"));
    }

    @Test
    void unreachableServerFailsFastWithExitCode3(QuarkusMainLauncher launcher) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path kubeconfig = kubeconfig("https://127.0.0.1:" + port, "token: not-a-real-token");
        Cli run = Cli.run(launcher, "install", "--kubeconfig=" + kubeconfig, "--request-timeout", "5s");
        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("cannot reach the API server at https://127.0.0.1:" + port));
        assertThat(run.toString(), run.stderr(), not(containsString("not-a-real-token")));
        assertThat(run.toString(), run.stderr(), not(containsString("\tat ")));

        Cli verbose = Cli.run(launcher, "install", "--kubeconfig=" + kubeconfig, "-v");
        assertEquals(3, verbose.exitCode(), verbose.toString());
        assertThat(verbose.toString(), verbose.stderr(), containsString("\tat "));
        assertThat(verbose.toString(), verbose.stderr(), not(containsString("not-a-real-token")));
    }

    @Test
    void rejectedCredentialsGiveExitCode3AndNoSecret(QuarkusMainLauncher launcher) throws Exception {
        String server = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(null, Files.readString(apiServer.kubeconfig()), null))
                .build().getConfiguration().getMasterUrl();
        Path kubeconfig = kubeconfig(server, "token: bogus-token-1234");
        Cli run = Cli.run(launcher, "install", "--kubeconfig=" + kubeconfig);
        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("refused the credentials (401 Unauthorized)"));
        assertThat(run.toString(), run.stderr(), not(containsString("bogus-token-1234")));
    }

    private static Path kubeconfig(String server, String user) throws Exception {
        Path file = io.kubectlgpu.testing.TempFiles.directory("errors").resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: u, user: {%s}}]
                contexts: [{name: ctx, context: {cluster: c, user: u}}]
                current-context: ctx
                """.formatted(server, user));
        return file;
    }
}
