package io.kubectlgpu.cli;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests against the packaged application (the JAR here, the native executable in the release workflow). */
@QuarkusMainIntegrationTest
class ClusterErrorsIT extends ClusterErrorsTest {
}
