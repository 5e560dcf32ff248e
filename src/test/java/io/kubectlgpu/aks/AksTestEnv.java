package io.kubectlgpu.aks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Points the aks commands of this test JVM at a fake, through the settings a user would set in the environment
 * (the Azure SDK reads system properties before environment variables): a service principal for
 * DefaultAzureCredential's EnvironmentCredential, AZURE_AUTHORITY_HOST and KUBECTL_GPU_ARM_ENDPOINT at the fake,
 * AZURE_SUBSCRIPTION_ID, an empty AZURE_CONFIG_DIR, and AZURE_TOKEN_CREDENTIALS=EnvironmentCredential so that a test
 * can never fall through to a developer's own 'az login'. An empty value masks an environment variable.
 */
final class AksTestEnv {
    static final List<String> PROPERTIES = List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
            "AZURE_AUTHORITY_HOST", AzureSettings.ARM_ENDPOINT_VARIABLE, "AZURE_SUBSCRIPTION_ID", "AZURE_CONFIG_DIR",
            "AZURE_TOKEN_CREDENTIALS", "AZURE_CLIENT_CERTIFICATE_PATH", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_USERNAME",
            "KUBECONFIG");

    private AksTestEnv() {
    }

    static void pointAt(AksArmFake fake) {
        PROPERTIES.forEach(p -> System.setProperty(p, ""));
        System.setProperty("AZURE_TENANT_ID", AksArmFake.TENANT);
        System.setProperty("AZURE_CLIENT_ID", AksArmFake.CLIENT_ID);
        System.setProperty("AZURE_CLIENT_SECRET", AksArmFake.CLIENT_SECRET);
        System.setProperty("AZURE_AUTHORITY_HOST", fake.url());
        System.setProperty(AzureSettings.ARM_ENDPOINT_VARIABLE, fake.url());
        System.setProperty("AZURE_SUBSCRIPTION_ID", AksArmFake.SUBSCRIPTION);
        System.setProperty("AZURE_CONFIG_DIR", emptyDir("azure-config").toString());
        System.setProperty("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential");
    }

    static void clear() {
        PROPERTIES.forEach(System::clearProperty);
    }

    static Path emptyDir(String prefix) {
        return io.kubectlgpu.testing.TempFiles.directory("kubectl-gpu-" + prefix);
    }
}
