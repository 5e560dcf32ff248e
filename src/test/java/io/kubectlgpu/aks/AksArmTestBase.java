package io.kubectlgpu.aks;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** One local ARM fake per test class, pointed at by the CLI, forgotten between tests, stopped at the end. */
abstract class AksArmTestBase {
    static AksArmFake arm;

    @BeforeAll
    static void startArm() {
        arm = new AksArmFake();
        AksTestEnv.pointAt(arm);
    }

    @AfterAll
    static void stopArm() {
        AksTestEnv.clear();
        arm.close();
    }

    @BeforeEach
    void resetArm() {
        arm.reset();
    }
}
