package io.kubectlgpu.verify;

import io.kubectlgpu.testing.PackagedApp;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same tests against what users install: the native executable (mvn -Pnative verify), else the JVM launcher. */
@ExtendWith(PackagedApp.class)
class VerifyClusterShapesIT extends VerifyClusterShapesTest {
}
