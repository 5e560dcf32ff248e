package io.kubectlgpu.verify;

import io.quarkus.test.junit.main.QuarkusMainIntegrationTest;

/** The same tests against the packaged application (the JAR here, the native executable in the release workflow). */
@QuarkusMainIntegrationTest
class VerifyScenariosIT extends VerifyScenariosTest {
}
