package io.kubectlgpu.verify;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests against the packaged application: the native executable (mvn -Pnative verify), else the JAR. */
@QuarkusMainIntegrationTest
class VerifyProbeIT extends VerifyProbeTest {
}
