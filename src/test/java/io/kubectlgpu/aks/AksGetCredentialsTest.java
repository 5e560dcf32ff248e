package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** aks get-credentials: listClusterUserCredential from the fake, merged into real files. */
@QuarkusMainTest
class AksGetCredentialsTest extends AksArmTestBase {
    static final String CERT = "Q0xJRU5UIENFUlQgU0VDUkVU";
    static final String KEY = "Q0xJRU5UIEtFWSBTRUNSRVQtMTIzNDU=";
    static final String TOKEN = "0123456789abcdef-cluster-user-token";
    static final String USER_KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0EgREFUQQ==
                server: https://c1-abc123.hcp.westeurope.azmk8s.io:443
              name: c1
            contexts:
            - context:
                cluster: c1
                user: clusterUser_rg_c1
              name: c1
            current-context: c1
            kind: Config
            preferences: {}
            users:
            - name: clusterUser_rg_c1
              user:
                client-certificate-data: %s
                client-key-data: %s
                token: %s
            """.formatted(CERT, KEY, TOKEN);
    static final String AAD_KUBECONFIG = """
            apiVersion: v1
            clusters:
            - cluster:
                certificate-authority-data: Q0EgREFUQQ==
                server: https://aad-abc123.hcp.westeurope.azmk8s.io:443
              name: aad
            contexts:
            - context:
                cluster: aad
                user: clusterUser_rg_aad
              name: aad
            current-context: aad
            kind: Config
            users:
            - name: clusterUser_rg_aad
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  args:
                  - get-token
                  - --environment
                  - AzurePublicCloud
                  - --server-id
                  - 6dae42f8-4368-4678-94ff-3960e28e3630
                  - --login
                  - devicecode
                  command: kubelogin
                  env: null
                  interactiveMode: IfAvailable
                  provideClusterInfo: false
            """;
    static final String EXISTING = """
            apiVersion: v1
            kind: Config
            clusters:
            - cluster:
                server: https://127.0.0.1:6443
              name: kind-kind
            users:
            - name: entra-user
              user:
                exec:
                  apiVersion: client.authentication.k8s.io/v1beta1
                  command: kubelogin
                  args: [get-token, --login, azurecli, --server-id, 6dae42f8-4368-4678-94ff-3960e28e3630]
            contexts:
            - context:
                cluster: kind-kind
                user: entra-user
                namespace: ml
              name: kind-kind
            current-context: kind-kind
            preferences:
              colors: true
            """;

    @BeforeEach
    void reset() {
        arm.addCluster("rg", "c1", "westeurope");
        arm.addCluster("rg", "aad", "westeurope");
        arm.setUserKubeconfig("c1", USER_KUBECONFIG);
        arm.setUserKubeconfig("aad", AAD_KUBECONFIG);
    }

    @Test
    void writesANewKubeconfigWithOwnerOnlyPermissionsAndPrintsItsPathButNoCredential(QuarkusMainLauncher launcher) throws Exception {
        Path file = AksTestEnv.emptyDir("kube").resolve("nested/dir/config");

        Cli run = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "--file", file.toString(), "-v");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(file.toString(), run.stdout().strip());
        assertThat(run.stderr(), containsString("Merged \"c1\" as current context in " + file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Map<String, Object> config = load(file);
        assertEquals("c1", config.get("current-context"));
        assertEquals(List.of("c1"), names(config, "clusters"));
        assertEquals(List.of("clusterUser_rg_c1"), names(config, "users"));
        assertEquals(TOKEN, ((Map<?, ?>) entry(config, "users", "clusterUser_rg_c1").get("user")).get("token"));
        AksArmFake.Received post = arm.requests("POST", "/managedClusters/c1/listClusterUserCredential$").get(0);
        assertEquals(ArmApi.CONTAINER_SERVICE, post.apiVersion());
        for (String secret : List.of(CERT, KEY, TOKEN, arm.token, AksArmFake.CLIENT_SECRET)) {
            assertThat(run.stdout() + run.stderr(), not(containsString(secret)));
        }
        try (var files = Files.list(file.getParent())) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @Test
    void mergesIntoTheKubeconfigInUseKeepingOtherEntriesAndExecUsersAndSwitchesTheContext(QuarkusMainLauncher launcher) throws Exception {
        Path dir = AksTestEnv.emptyDir("kube");
        Path first = dir.resolve("config");
        Path second = dir.resolve("other");
        Files.writeString(first, EXISTING);
        Files.setPosixFilePermissions(first, PosixFilePermissions.fromString("rw-r--r--"));
        Map<String, Object> before = load(first);
        System.setProperty("KUBECONFIG", first + File.pathSeparator + second);
        try {
            Cli run = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1");

            assertEquals(0, run.exitCode(), run.toString());
            assertEquals(first.toString(), run.stdout().strip(), "the first file of KUBECONFIG is the one in use");
            assertFalse(Files.exists(second));
        } finally {
            System.setProperty("KUBECONFIG", "");
        }
        Map<String, Object> after = load(first);
        assertEquals("c1", after.get("current-context"));
        assertEquals(List.of("kind-kind", "c1"), names(after, "clusters"));
        assertEquals(List.of("entra-user", "clusterUser_rg_c1"), names(after, "users"));
        assertEquals(List.of("kind-kind", "c1"), names(after, "contexts"));
        assertEquals(entry(before, "users", "entra-user"), entry(after, "users", "entra-user"), "the exec user is untouched");
        assertEquals(entry(before, "contexts", "kind-kind"), entry(after, "contexts", "kind-kind"));
        assertEquals(before.get("preferences"), after.get("preferences"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
    }

    @Test
    void refusesToReplaceAnEntryWithOtherContentUnlessOverwriteExistingIsGiven(QuarkusMainLauncher launcher) throws Exception {
        Path file = AksTestEnv.emptyDir("kube").resolve("config");
        Files.writeString(file, EXISTING.replace("kind-kind", "c1"));
        byte[] original = Files.readAllBytes(file);

        Cli refused = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", file.toString());

        assertEquals(1, refused.exitCode(), refused.toString());
        assertThat(refused.stderr(), containsString("already has cluster \"c1\", context \"c1\" with other content; the file is unchanged"));
        assertThat(refused.stderr(), containsString("--overwrite-existing"));
        assertTrue(java.util.Arrays.equals(original, Files.readAllBytes(file)), "the file is unchanged");

        Cli replaced = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", file.toString(),
                "--overwrite-existing");

        assertEquals(0, replaced.exitCode(), replaced.toString());
        assertThat(replaced.stderr(), containsString("replaced cluster \"c1\" (--overwrite-existing)"));
        Map<String, Object> after = load(file);
        assertEquals("https://c1-abc123.hcp.westeurope.azmk8s.io:443",
                ((Map<?, ?>) entry(after, "clusters", "c1").get("cluster")).get("server"));
        assertEquals(List.of("entra-user", "clusterUser_rg_c1"), names(after, "users"));

        Cli same = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", file.toString());
        assertEquals(0, same.exitCode(), "identical entries are no conflict" + same);
    }

    @Test
    void entraIdClustersKeepTheirExecCredentialPluginUser(QuarkusMainLauncher launcher) throws Exception {
        Path file = AksTestEnv.emptyDir("kube").resolve("config");

        Cli run = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "aad", "-f", file.toString(), "--format", "exec");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals("exec", arm.requests("POST", "/managedClusters/aad/listClusterUserCredential$").get(0).query().get("format"));
        Map<String, Object> expected = new Yaml().load(AAD_KUBECONFIG);
        assertEquals(entry(expected, "users", "clusterUser_rg_aad"), entry(load(file), "users", "clusterUser_rg_aad"));
        boolean kubeloginInstalled = java.util.Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .anyMatch(d -> !d.isBlank() && Files.isExecutable(Path.of(d, "kubelogin")));
        if (kubeloginInstalled) {
            assertThat(run.stderr(), not(containsString("not on PATH")));
        } else {
            assertThat(run.stderr(), containsString("exec plugin 'kubelogin', which is not on PATH"));
        }
    }

    @Test
    void adminCredentialsAndMissingClusters(QuarkusMainLauncher launcher) {
        Path file = AksTestEnv.emptyDir("kube").resolve("config");
        Cli admin = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", file.toString(), "--admin");
        assertEquals(0, admin.exitCode(), admin.toString());
        assertEquals(1, arm.requests("POST", "/managedClusters/c1/listClusterAdminCredential$").size());

        Cli missing = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "nope", "-f", file.toString());
        assertEquals(1, missing.exitCode(), missing.toString());
        assertThat(missing.stderr(), containsString("managed cluster nope not found (ResourceNotFound)"));
    }

    @Test
    void dryRunShowsTheRequestAndLeavesTheFileAlone(QuarkusMainLauncher launcher) {
        Path file = AksTestEnv.emptyDir("kube").resolve("config");

        Cli run = Cli.run(launcher, "aks", "get-credentials", "-g", "rg", "-n", "c1", "-f", file.toString(), "--dry-run");

        assertEquals(0, run.exitCode(), run.toString());
        assertEquals(List.of(), arm.received);
        assertFalse(Files.exists(file));
        assertThat(run.stdout(), containsString("# the kubeconfig it returns would be merged into " + file));
        assertThat(run.stdout(), containsString("POST " + arm.url() + "/subscriptions/" + AksArmFake.SUBSCRIPTION
                + "/resourceGroups/rg/providers/Microsoft.ContainerService/managedClusters/c1/listClusterUserCredential?api-version="
                + ArmApi.CONTAINER_SERVICE));
    }

    static Map<String, Object> load(Path file) throws Exception {
        return new Yaml().load(Files.readString(file));
    }

    static List<Object> names(Map<String, Object> config, String section) {
        return ((List<?>) config.get(section)).stream().map(e -> ((Map<?, ?>) e).get("name")).map(Object.class::cast).toList();
    }

    static Map<?, ?> entry(Map<String, Object> config, String section, String name) {
        return ((List<?>) config.get(section)).stream().map(e -> (Map<?, ?>) e).filter(e -> name.equals(e.get("name")))
                .findFirst().orElseThrow(() -> new AssertionError(section + " has no " + name + ": " + config));
    }
}
