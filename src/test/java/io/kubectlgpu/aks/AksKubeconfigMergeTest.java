package io.kubectlgpu.aks;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The merge rules of aks get-credentials, on files, without Azure. */
class AksKubeconfigMergeTest {
    static final String INCOMING = """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c1
              cluster: {server: 'https://c1:443', certificate-authority-data: Q0E=}
            users:
            - name: clusterUser_rg_c1
              user: {token: secret-token}
            contexts:
            - name: c1
              context: {cluster: c1, user: clusterUser_rg_c1}
            current-context: c1
            """;

    @Test
    void anEmptyOrMissingFileBecomesAKubeconfigWithTheNewEntriesAsCurrentContext() throws Exception {
        Path empty = AksTestEnv.emptyDir("merge").resolve("config");
        Files.writeString(empty, "");

        KubeconfigMerger.Result r = KubeconfigMerger.merge(empty, INCOMING, false);

        assertEquals("c1", r.context());
        assertEquals(List.of("cluster \"c1\"", "user \"clusterUser_rg_c1\"", "context \"c1\""), r.added());
        Map<String, Object> written = new Yaml().load(Files.readString(empty));
        assertEquals("v1", written.get("apiVersion"));
        assertEquals("Config", written.get("kind"));
        assertEquals("c1", written.get("current-context"));
        assertEquals(new Yaml().<Map<String, Object>>load(INCOMING).get("users"), written.get("users"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(empty)));
    }

    @Test
    void aSymlinkedKubeconfigStaysALinkAndItsTargetIsReplaced() throws Exception {
        Path dir = AksTestEnv.emptyDir("merge");
        Path real = dir.resolve("real-config");
        Files.writeString(real, "apiVersion: v1\nkind: Config\nclusters: []\n");
        Path link = Files.createSymbolicLink(dir.resolve("config"), real);

        KubeconfigMerger.merge(link, INCOMING, false);

        assertTrue(Files.isSymbolicLink(link));
        assertThat(Files.readString(real), containsString("server: https://c1:443"));
    }

    @Test
    void conflictsAreAllNamedAndNothingIsWritten() throws Exception {
        Path file = AksTestEnv.emptyDir("merge").resolve("config");
        String other = INCOMING.replace("secret-token", "other-token").replace("https://c1:443", "https://elsewhere:443");
        Files.writeString(file, other);

        GpuException e = assertThrows(GpuException.class, () -> KubeconfigMerger.merge(file, INCOMING, false));

        assertEquals(ExitCode.CONDITION_FAILED, e.exitCode());
        assertThat(e.getMessage(), containsString("already has cluster \"c1\", user \"clusterUser_rg_c1\" with other content"));
        assertEquals(other, Files.readString(file));
        KubeconfigMerger.Result r = KubeconfigMerger.merge(file, INCOMING, true);
        assertEquals(List.of("cluster \"c1\"", "user \"clusterUser_rg_c1\""), r.replaced());
        assertEquals(List.of("context \"c1\""), r.unchanged());
    }

    @Test
    void aFileThatIsNoKubeconfigIsAUsageError() throws Exception {
        Path file = AksTestEnv.emptyDir("merge").resolve("config");
        Files.writeString(file, "- just\n- a list\n");

        GpuException e = assertThrows(GpuException.class, () -> KubeconfigMerger.merge(file, INCOMING, false));

        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThat(e.getMessage(), containsString("is not a kubeconfig"));
    }

    @Test
    void theFirstFileOfKubeconfigIsTheOneInUse() {
        String list = "/tmp/a" + java.io.File.pathSeparator + "/tmp/b";
        assertEquals(Path.of("/tmp/a"), KubeconfigMerger.defaultPath(name -> name.equals("KUBECONFIG") ? list : null));
        assertEquals(Path.of(System.getProperty("user.home"), ".kube", "config"), KubeconfigMerger.defaultPath(name -> null));
    }
}
