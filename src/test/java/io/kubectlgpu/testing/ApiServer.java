package io.kubectlgpu.testing;

import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The light tier: a real kube-apiserver with etcd and nothing else (no controllers, no scheduler),
 * through io.fabric8:kube-api-test, fed with testenv's binaries so that it never downloads.
 */
public final class ApiServer implements AutoCloseable {
    public static final String KUBE_VERSION = "1.34.4";

    private final KubeAPIServer server;
    private final Path kubeconfig;

    private ApiServer(KubeAPIServer server, Path kubeconfig) {
        this.server = server;
        this.kubeconfig = kubeconfig;
    }

    public static ApiServer start() {
        Path testDir = Testenv.bin().getParent().resolve("kube-api-test");
        KubeAPIServer server = new KubeAPIServer(KubeAPIServerConfigBuilder.anAPIServerConfig()
                .withOfflineMode(true)
                .withTestDir(testDir.toString())
                .withApiServerVersion(KUBE_VERSION)
                .withUpdateKubeConfig(false)
                .build());
        server.start();
        try {
            Path kubeconfig = Files.createTempFile("kube-api-test", ".kubeconfig");
            Files.writeString(kubeconfig, server.getKubeConfigYaml());
            return new ApiServer(server, kubeconfig);
        } catch (IOException e) {
            server.stop();
            throw new UncheckedIOException(e);
        }
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String kubeconfigArg() {
        return "--kubeconfig=" + kubeconfig;
    }

    @Override
    public void close() {
        server.stop();
        try {
            Files.deleteIfExists(kubeconfig);
        } catch (IOException e) {
            // a temp file; nothing to do
        }
    }
}
