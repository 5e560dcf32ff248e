package io.kubectlgpu.install;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.TempFiles;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** install/uninstall on a full kwok cluster: real controllers and scheduler roll the DaemonSet out. */
@QuarkusMainTest
class InstallRolloutTest {
    static final KwokCluster CLUSTER = Testenv.cluster("install",
            "aks-gpu-pool.yaml", "aks-spot-gpu.yaml", "multi-gpu.yaml", "cpu-system.yaml");

    @AfterEach
    void cleanUp() {
        CLUSTER.kubectl("delete", "daemonset", "-A", "-l", "test-foreign-plugin=true", "--ignore-not-found");
        // pods on a node without kubelet never finish terminating: remove the node and force them out
        CLUSTER.kubectl("delete", "node", "gpu-without-kubelet", "gpu-nvml-missing", "--ignore-not-found");
        CLUSTER.kubectl("delete", "clusterlogs.kwok.x-k8s.io", "nvml-missing-plugin-logs", "--ignore-not-found");
        for (String ns : List.of("gpu-resources", "other-ns", "nvml-missing")) {
            CLUSTER.kubectl("delete", "pods", "--all", "-n", ns, "--force", "--grace-period=0", "--ignore-not-found");
        }
        CLUSTER.kubectl("delete", "namespace", "gpu-resources", "other-ns", "nvml-missing", "--ignore-not-found", "--wait=true", "--timeout=60s"); // 60 s: the namespace controller empties them
    }

    private List<String> pluginPodNodes(String namespace) {
        JsonPath pods = CLUSTER.rest().queryParam("labelSelector", "app.kubernetes.io/managed-by=kubectl-gpu")
                .get("/api/v1/namespaces/" + namespace + "/pods")
                .then().statusCode(200).extract().jsonPath();
        return pods.getList("items.spec.nodeName");
    }

    @Test
    void rolloutReachesEveryGpuNodeIncludingTaintedAndSpotButNoCpuNode(QuarkusMainLauncher launcher) throws Exception {
        // before install no node advertises a GPU: nothing has registered them with the kubelet
        Cli before = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "-o", "json");
        assertEquals(1, before.exitCode(), before.toString());
        assertEquals(0, JsonPath.from(before.stdout()).getLong("summary.allocatable"), before.toString());

        Cli run = Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "--timeout", "90s"); // 90 s: 4 plugin pods on kwok, loaded machine

        assertEquals(0, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stdout(), containsString("namespace/gpu-resources created"));
        assertThat(run.toString(), run.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset created"));
        assertThat(run.toString(), run.stderr(), containsString("rollout: device plugin pods ready on 4 of 4 GPU nodes"));
        assertThat(run.toString(), run.stderr(), not(containsString("on 0 of 0")));
        assertThat(pluginPodNodes("gpu-resources"), containsInAnyOrder("aks-gpu-0", "aks-gpu-1", "aks-gpuspot-0", "dgx-0"));
        // the plugin pods are Ready; the nodes advertise their GPUs as soon as the kubelet (testenv's device manager) has them
        for (var node : java.util.Map.of("aks-gpu-0", 1, "aks-gpu-1", 1, "aks-gpuspot-0", 1, "dgx-0", 8).entrySet()) {
            CLUSTER.awaitAllocatableGpus(node.getKey(), node.getValue());
        }
        Cli after = Cli.run(launcher, "verify", CLUSTER.kubeconfigArg(), "-o", "json");
        assertEquals(0, after.exitCode(), after.toString());
        assertEquals(11, JsonPath.from(after.stdout()).getLong("summary.allocatable"), after.toString());

        JsonPath ds = CLUSTER.rest().get("/apis/apps/v1/namespaces/gpu-resources/daemonsets/nvidia-device-plugin-daemonset")
                .then().statusCode(200).extract().jsonPath();
        assertEquals("nvcr.io/nvidia/k8s-device-plugin:v0.20.0", ds.getString("spec.template.spec.containers[0].image"));
        assertEquals("system-node-critical", ds.getString("spec.template.spec.priorityClassName"));
        assertEquals("kubectl-gpu", ds.getString("metadata.managedFields[0].manager"));
        assertEquals("Apply", ds.getString("metadata.managedFields[0].operation"));
        assertEquals(4, ds.getInt("status.numberReady"));
    }

    @Test
    void secondRunChangesNothingAndNewImageUpgradesInPlace(QuarkusMainLauncher launcher) {
        assertEquals(0, Cli.run(launcher, "install", CLUSTER.kubeconfigArg()).exitCode());
        String generation = CLUSTER.kubectl("get", "ds", "-n", "gpu-resources", "nvidia-device-plugin-daemonset",
                "-o", "jsonpath={.metadata.generation}");

        Cli again = Cli.run(launcher, "install", CLUSTER.kubeconfigArg());
        assertEquals(0, again.exitCode(), again.toString());
        assertThat(again.toString(), again.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset unchanged"));
        assertThat(again.toString(), again.stderr(), containsString("nothing changed"));
        assertEquals(generation, CLUSTER.kubectl("get", "ds", "-n", "gpu-resources", "nvidia-device-plugin-daemonset",
                "-o", "jsonpath={.metadata.generation}"));

        Cli upgrade = Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "--image", "nvcr.io/nvidia/k8s-device-plugin:v0.20.1");
        assertEquals(0, upgrade.exitCode(), upgrade.toString());
        assertThat(upgrade.toString(), upgrade.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset configured"));
        JsonPath pods = CLUSTER.rest().get("/api/v1/namespaces/gpu-resources/pods").then().statusCode(200).extract().jsonPath();
        assertThat(pods.getList("items.spec.containers[0].image"), not(empty()));
        assertThat(upgrade.toString(), pods.getList("items.spec.containers[0].image", String.class).stream().distinct().toList(),
                equalTo(List.of("nvcr.io/nvidia/k8s-device-plugin:v0.20.1")));
    }

    @Test
    void foreignDevicePluginBlocksInstallAndNothingIsCreatedUnlessForced(QuarkusMainLauncher launcher) {
        CLUSTER.apply("""
                apiVersion: apps/v1
                kind: DaemonSet
                metadata: {name: nvidia-device-plugin-ds, namespace: kube-system, labels: {test-foreign-plugin: "true"}}
                spec:
                  selector: {matchLabels: {name: foreign-plugin}}
                  template:
                    metadata: {labels: {name: foreign-plugin}}
                    spec:
                      nodeSelector: {no-such-node: "true"}
                      containers: [{name: p, image: "nvcr.io/nvidia/k8s-device-plugin:v0.17.0"}]
                """);

        Cli refused = Cli.run(launcher, "install", CLUSTER.kubeconfigArg());
        assertEquals(1, refused.exitCode(), refused.toString());
        assertThat(refused.toString(), refused.stderr(), containsString("another NVIDIA device plugin already serves this cluster"));
        assertThat(refused.toString(), refused.stderr(), containsString("kube-system/nvidia-device-plugin-ds"));
        assertThat(refused.toString(), refused.stderr(), not(containsString("Exception")));
        CLUSTER.rest().get("/api/v1/namespaces/gpu-resources").then().statusCode(404);

        Cli forced = Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "--force", "--wait=false");
        assertEquals(0, forced.exitCode(), forced.toString());
        assertThat(forced.toString(), forced.stderr(), containsString("--force"));
        CLUSTER.rest().get("/apis/apps/v1/namespaces/gpu-resources/daemonsets/nvidia-device-plugin-daemonset").then().statusCode(200);
    }

    @Test
    void rbacRestrictedUserIsRefusedAndNothingIsHalfCreated(QuarkusMainLauncher launcher) throws Exception {
        // may read everything and create namespaces, but not DaemonSets
        Path restricted = CLUSTER.restrictedKubeconfig("installer-without-daemonsets", """
                - apiGroups: ["", "apps", "nvidia.com"]
                  resources: ["*"]
                  verbs: ["get", "list", "watch"]
                - apiGroups: [""]
                  resources: ["namespaces"]
                  verbs: ["create", "patch"]
                """);

        Cli run = Cli.run(launcher, "install", "--kubeconfig=" + restricted);

        assertEquals(3, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("forbidden: you cannot"));
        assertThat(run.toString(), run.stderr(), containsString("daemonsets.apps in namespace gpu-resources"));
        assertThat(run.toString(), run.stderr(), containsString("nothing was changed"));
        assertThat(run.toString(), run.stderr().lines().count() <= 2);
        CLUSTER.rest().get("/api/v1/namespaces/gpu-resources").then().statusCode(404);
    }

    @Test
    void rolloutThatDoesNotConvergeNamesTheNodeAndWhy(QuarkusMainLauncher launcher) {
        // a GPU node no kubelet serves: the plugin pod is scheduled there but never runs
        CLUSTER.apply("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: gpu-without-kubelet
                  labels: {kubernetes.azure.com/accelerator: nvidia, kubernetes.io/hostname: gpu-without-kubelet}
                status:
                  capacity: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                  allocatable: {cpu: "4", memory: 16Gi, pods: "110", nvidia.com/gpu: "1"}
                """);

        Cli run = Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "--timeout", "8s"); // 8 s: the timeout is what is tested

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("did not roll out within 8s"));
        assertThat(run.toString(), run.stderr(), containsString("gpu-without-kubelet: pod nvidia-device-plugin-daemonset-"));
        assertThat(run.toString(), run.stderr(), containsString("Pending"));
    }

    @Test
    void aPluginThatCrashesBetweenItsRestartsFailsInstallWithItsCause(QuarkusMainLauncher launcher) throws Exception {
        // docs/real-gpu, run 3: the plugin could not load NVML, crashed at each start and, having no readiness probe,
        // was Ready between crashes, so the rollout converged and install said nothing was wrong
        Path log = TempFiles.directory("nvml-missing").resolve("plugin.log");
        Files.writeString(log, """
                2026-12-01T02:34:35.700000000Z stderr F I1201 02:34:35.700000       1 main.go:235] Starting NVIDIA Device Plugin
                2026-12-01T02:34:35.770000000Z stderr F E1201 02:34:35.770900       1 factory.go:87] Failed to initialize NVML: ERROR_LIBRARY_NOT_FOUND
                2026-12-01T02:34:35.770000000Z stderr F E1201 02:34:35.770938       1 factory.go:100] If this is a GPU node, did you set the docker default runtime to `nvidia`?
                2026-12-01T02:34:35.770000000Z stderr F E1201 02:34:35.770951       1 factory.go:103] If this is not a GPU node, you should set up a toleration or nodeSelector to only deploy this plugin on GPU nodes
                2026-12-01T02:34:35.771000000Z stderr F E1201 02:34:35.771099       1 main.go:198] error starting plugins: error getting plugins: unable to create plugins: failed to construct resource managers: nvml init failed: ERROR_LIBRARY_NOT_FOUND
                """);
        CLUSTER.apply("""
                apiVersion: v1
                kind: Node
                metadata:
                  name: gpu-nvml-missing
                  annotations:
                    kwok.x-k8s.io/node: fake
                    testenv.kubectl-gpu.io/gpus: "1"
                    testenv.kubectl-gpu.io/devices: nvml-missing
                  labels: {kubernetes.azure.com/accelerator: nvidia, kubernetes.io/hostname: gpu-nvml-missing, type: kwok}
                status:
                  capacity: {cpu: "4", memory: 16Gi, pods: "110"}
                  allocatable: {cpu: "4", memory: 16Gi, pods: "110"}
                ---
                apiVersion: kwok.x-k8s.io/v1alpha1
                kind: ClusterLogs
                metadata: {name: nvml-missing-plugin-logs}
                spec:
                  selector: {matchNamespaces: [nvml-missing]}
                  logs: [{containers: [nvidia-device-plugin-ctr], logsFile: %s}]
                """.formatted(log));
        CLUSTER.kubectl("wait", "--for=condition=Ready", "node/gpu-nvml-missing", "--timeout=60s");

        // in a namespace of its own, whose pods kwok serves that log for (ClusterLogs selects by namespace, not node)
        Cli run = Cli.run(launcher, "install", "-n", "nvml-missing", CLUSTER.kubeconfigArg(), "--timeout", "90s"); // 90 s: 5 plugin pods on kwok, loaded machine

        assertEquals(1, run.exitCode(), run.toString());
        assertThat(run.toString(), run.stderr(), containsString("rollout: device plugin pods ready on 5 of 5 GPU nodes"));
        assertThat(run.toString(), run.stderr(), containsString(
                "error: the device plugin keeps crashing on gpu-nvml-missing: pod nvidia-device-plugin-daemonset-"));
        assertThat(run.toString(), run.stderr(), containsString(" restarted 3 times, last exit code 1 at "));
        assertThat(run.toString(), run.stderr(), containsString("(the plugin cannot load NVML: "));
        assertThat(run.toString(), run.stderr(), containsString(
                "; last log line: E1201 02:34:35.771099       1 main.go:198] error starting plugins: error getting plugins: "
                        + "unable to create plugins: failed to construct resource managers: nvml init failed: ERROR_LIBRARY_NOT_FOUND"));
        assertThat(run.toString(), run.stderr(), containsString("install the NVIDIA driver and container toolkit"));
        assertThat(run.toString(), run.stderr(), not(containsString("nodes advertising nvidia.com/gpu")));
    }

    @Test
    void uninstallRemovesOnlyWhatKubectlGpuCreatedAndKeepsAForeignNamespace(QuarkusMainLauncher launcher) {
        CLUSTER.kubectl("create", "namespace", "other-ns");
        CLUSTER.kubectl("create", "configmap", "keep-me", "-n", "other-ns");
        assertEquals(0, Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "-n", "other-ns", "--time-slicing", "4").exitCode());
        String config = CLUSTER.kubectl("get", "configmap", "nvidia-device-plugin-config", "-n", "other-ns",
                "-o", "jsonpath={.data.config\\.yaml}");
        assertThat(config, containsString("replicas: 4"));

        CLUSTER.awaitAllocatableGpus("dgx-0", 8);

        Cli run = Cli.run(launcher, "uninstall", CLUSTER.kubeconfigArg());

        assertEquals(0, run.exitCode(), run.toString());
        // the plugin is gone: the kubelet (testenv's device manager) sets allocatable to 0
        CLUSTER.awaitAllocatableGpus("dgx-0", 0);
        assertThat(run.toString(), run.stdout(), containsString("daemonset.apps/nvidia-device-plugin-daemonset deleted"));
        assertThat(run.toString(), run.stdout(), containsString("configmap/nvidia-device-plugin-config deleted"));
        assertThat(run.toString(), run.stdout(), not(containsString("namespace/other-ns deleted")));
        CLUSTER.rest().get("/api/v1/namespaces/other-ns/configmaps/keep-me").then().statusCode(200);
        CLUSTER.rest().get("/apis/apps/v1/namespaces/other-ns/daemonsets/nvidia-device-plugin-daemonset").then().statusCode(404);
        assertTrue(pluginPodNodes("other-ns").isEmpty(), "plugin pods are gone when uninstall returns");

        Cli nothing = Cli.run(launcher, "uninstall", CLUSTER.kubeconfigArg());
        assertEquals(0, nothing.exitCode(), nothing.toString());
        assertThat(nothing.toString(), nothing.stderr(), containsString("nothing to remove"));
    }

    @Test
    void anObjectTheServerRejectsLeavesNothingBehindAndUninstallRemovesWhatKubectlGpuLabelled(QuarkusMainLauncher launcher) {
        // issue 13, defect 3: the namespace was created, then the DaemonSet was rejected (422), and uninstall left the namespace
        Cli rejected = Cli.run(launcher, "install", CLUSTER.kubeconfigArg(), "--image", "", "--wait=false");
        assertTrue(rejected.exitCode() != 0, rejected.toString());
        assertThat(rejected.toString(), rejected.stderr(), containsString("error: "));
        CLUSTER.rest().get("/api/v1/namespaces/gpu-resources").then().statusCode(404);
        CLUSTER.rest().get("/apis/apps/v1/namespaces/gpu-resources/daemonsets/nvidia-device-plugin-daemonset").then().statusCode(404);

        // what such an install left behind (e.g. by an older version): uninstall removes it
        CLUSTER.apply("""
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: gpu-resources
                  labels: {app.kubernetes.io/managed-by: kubectl-gpu, app.kubernetes.io/part-of: kubectl-gpu}
                """);
        Cli uninstall = Cli.run(launcher, "uninstall", CLUSTER.kubeconfigArg());
        assertEquals(0, uninstall.exitCode(), uninstall.toString());
        assertThat(uninstall.toString(), uninstall.stdout(), containsString("namespace/gpu-resources deleted"));
        String phase = CLUSTER.kubectlResult("get", "namespace", "gpu-resources", "-o", "jsonpath={.status.phase}").stdout();
        assertTrue(phase.isEmpty() || phase.equals("Terminating"), "namespace gpu-resources is gone or going: " + phase);
    }
}
