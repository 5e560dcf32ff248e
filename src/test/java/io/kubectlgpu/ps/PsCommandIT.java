package io.kubectlgpu.ps;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests against the packaged application: the native executable (mvn -Pnative verify), else the JAR. */
@QuarkusMainIntegrationTest
class PsCommandIT extends PsCommandTest {
}
