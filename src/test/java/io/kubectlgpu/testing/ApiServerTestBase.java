package io.kubectlgpu.testing;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One light-tier API server (kube-apiserver + etcd) per test class, stopped when the class is done. */
public abstract class ApiServerTestBase {
    protected static ApiServer apiServer;

    @BeforeAll
    static void startApiServer() {
        apiServer = ApiServer.start();
    }

    @AfterAll
    static void stopApiServer() {
        apiServer.close();
    }
}
