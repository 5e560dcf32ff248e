package io.kubectlgpu.install;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.kubectlgpu.testing.ApiServer;
import io.kubectlgpu.testing.ApiServerTestBase;
import io.kubectlgpu.testing.Cli;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Dry runs and rendering against the light tier (a real kube-apiserver + etcd, no controllers). */
@QuarkusMainTest
class InstallDryRunTest extends ApiServerTestBase {
    @Test
    void clientDryRunPrintsTheBundledManifestsWithFlagsAppliedWithoutContactingTheCluster(QuarkusMainLauncher launcher) {
        // a kubeconfig that does not exist: a client dry run must not even read it
        Cli run = Cli.run(launcher, "install", "--dry-run=client", "-o", "yaml", "--kubeconfig=/nonexistent",
                "--image", "mcr.microsoft.com/oss/nvidia/k8s-device-plugin:1.11", "--toleration", "dedicated=ml:NoSchedule",
                "--time-slicing", "3", "--mig-strategy", "mixed");

        assertEquals(0, run.exitCode(), run.toString());
        List<HasMetadata> objects = yamlStream(run.stdout());
        assertEquals(List.of("Namespace", "ConfigMap", "DaemonSet"), objects.stream().map(HasMetadata::getKind).toList(), run.toString());
        DaemonSet ds = (DaemonSet) objects.get(2);
        var pod = ds.getSpec().getTemplate().getSpec();
        assertEquals("mcr.microsoft.com/oss/nvidia/k8s-device-plugin:1.11", pod.getContainers().get(0).getImage());
        assertThat(pod.getTolerations().stream().map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).toList(),
                hasItem("dedicated=ml:NoSchedule"));
        assertThat(pod.getTolerations().stream().map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).toList(),
                hasItem("sku=gpu:NoSchedule"));
        assertThat(pod.getTolerations().stream().map(t -> t.getKey() + "=" + t.getValue() + ":" + t.getEffect()).toList(),
                hasItem("kubernetes.azure.com/scalesetpriority=spot:NoSchedule"));
        assertThat(pod.getContainers().get(0).getEnv().stream().map(e -> e.getName() + "=" + e.getValue()).toList(),
                hasItem("MIG_STRATEGY=mixed"));
        assertThat(pod.getContainers().get(0).getEnv().stream().map(e -> e.getName() + "=" + e.getValue()).toList(),
                hasItem("CONFIG_FILE=/etc/nvidia-device-plugin/config.yaml"));
        assertEquals(4, pod.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution()
                .getNodeSelectorTerms().size());
        assertThat(objects.get(1).toString(), ((io.fabric8.kubernetes.api.model.ConfigMap) objects.get(1)).getData().get("config.yaml"),
                containsString("replicas: 3"));
        assertEquals("", run.stderr(), run.toString());
    }

    @Test
    void nodeSelectorReplacesTheGpuAffinityAndAllNodesDropsIt(QuarkusMainLauncher launcher) {
        Cli selector = Cli.run(launcher, "install", "--dry-run", "-o", "json", "--node-selector", "agentpool=gpu");
        assertEquals(0, selector.exitCode(), selector.toString());
        DaemonSet ds = (DaemonSet) Serialization.unmarshal(selector.stdout(), KubernetesList.class).getItems().get(1);
        assertEquals(java.util.Map.of("agentpool", "gpu"), ds.getSpec().getTemplate().getSpec().getNodeSelector());
        assertEquals(null, ds.getSpec().getTemplate().getSpec().getAffinity());

        Cli all = Cli.run(launcher, "install", "--dry-run", "-o", "yaml", "--all-nodes");
        assertEquals(0, all.exitCode(), all.toString());
        assertThat(all.stdout(), not(containsString("nodeAffinity")));
        assertThat(all.toString(), all.stdout(), containsString("FAIL_ON_INIT_ERROR"));
    }

    @Test
    void serverDryRunValidatesAgainstTheApiServerAndPersistsNothing(QuarkusMainLauncher launcher) {
        Cli run = Cli.run(launcher, "install", "--dry-run=server", apiServer.kubeconfigArg(), "-n", "kube-system");

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset created (server dry run)"));
        try (var client = new io.fabric8.kubernetes.client.KubernetesClientBuilder()
                .withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(null, readKubeconfig(), null)).build()) {
            assertEquals(null, client.apps().daemonSets().inNamespace("kube-system").withName("nvidia-device-plugin-daemonset").get());
        }
    }

    @Test
    void badFlagValuesAreUsageErrorsWithOneLine(QuarkusMainLauncher launcher) {
        Cli slicing = Cli.run(launcher, "install", "--dry-run", "--time-slicing", "1");
        assertEquals(2, slicing.exitCode(), slicing.toString());
        assertThat(slicing.toString(), slicing.stderr(), containsString("--time-slicing 1 is out of range"));

        Cli toleration = Cli.run(launcher, "install", "--dry-run", "--toleration", "a=b:Sometimes");
        assertEquals(2, toleration.exitCode(), toleration.toString());
        assertThat(toleration.toString(), toleration.stderr(), containsString("effect 'Sometimes' is not one of"));

        Cli mig = Cli.run(launcher, "install", "--dry-run", "--mig-strategy", "both");
        assertEquals(2, mig.exitCode(), mig.toString());

        Cli unknown = Cli.run(launcher, "instal");
        assertEquals(2, unknown.exitCode(), unknown.toString());
        assertThat(unknown.toString(), unknown.stderr(), containsString("install"));
    }

    @SuppressWarnings("unchecked")
    private static List<HasMetadata> yamlStream(String yaml) {
        Object parsed = Serialization.unmarshal(yaml);
        return parsed instanceof List<?> list ? (List<HasMetadata>) list : List.of((HasMetadata) parsed);
    }

    private static String readKubeconfig() {
        try {
            return java.nio.file.Files.readString(apiServer.kubeconfig());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
