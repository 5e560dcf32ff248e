package io.kubectlgpu.testing;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A running testenv cluster: its kubeconfig, kubectl against it, and an admin view for assertions. */
public final class KwokCluster {

    private final String name;
    private final Path kubeconfig;
    private String adminToken;

    KwokCluster(String name, Path kubeconfig) {
        this.name = name;
        this.kubeconfig = kubeconfig;
    }

    public String name() {
        return name;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    public String kubeconfigArg() {
        return "--kubeconfig=" + kubeconfig;
    }

    /** kubectl against this cluster; fails the test on a non-zero exit. */
    public String kubectl(String... args) {
        return kubectlResult(args).requireSuccess().stdout();
    }

    public Testenv.Result kubectlResult(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
        cmd.addAll(List.of(args));
        // a safety net for a hung kubectl: the longest call, applying 600 nodes, took over 120 s on a 2-core machine
        // that was also building natively; waits bring their own timeouts
        return Testenv.exec(cmd, Map.of(), 300);
    }

    /**
     * kubectl wait, retried while what it waits for does not exist yet (kubectl wait fails at once when
     * its selector matches nothing).
     */
    public void await(long timeoutSeconds, String... waitArgs) {
        // one kubectl wait of at most 5 s at a time: it fails at once while its selector matches nothing, so it is asked again
        List<String> args = new ArrayList<>(List.of("wait", "--timeout=5s"));
        args.addAll(List.of(waitArgs));
        Testenv.Result[] last = new Testenv.Result[1];
        if (!Await.within(java.time.Duration.ofSeconds(timeoutSeconds),
                () -> (last[0] = kubectlResult(args.toArray(String[]::new))).exitCode() == 0)) {
            last[0].requireSuccess();
        }
    }

    /**
     * The device plugin as install applies it by default (plugin-manifest/device-plugin), through kubectl, for
     * tests that need schedulable GPUs but are not about install: testenv's device manager then advertises the
     * GPUs the fixture nodes declare. Waits until each node in {@code gpusByNode} has that many allocatable.
     */
    public void installDevicePlugin(Map<String, Integer> gpusByNode) {
        installDevicePlugin(gpusByNode, List.of());
    }

    /**
     * As {@link #installDevicePlugin(Map)}, the DaemonSet also tolerating each of {@code tolerations}
     * ({@code KEY=VALUE:EFFECT}), as {@code kubectl gpu install --toleration} makes it.
     */
    public void installDevicePlugin(Map<String, Integer> gpusByNode, List<String> tolerations) {
        kubectl("apply", "-f", pluginManifest("namespace.yaml").toString());
        runDevicePlugin("gpu-resources", gpusByNode, tolerations);
    }

    /**
     * The project's device plugin DaemonSet in {@code namespace} instead of gpu-resources, in a namespace that is not
     * labelled as kubectl-gpu's (a plugin that a test's own install does not own), then the same wait.
     */
    public void installDevicePluginIn(String namespace, Map<String, Integer> gpusByNode) {
        apply("apiVersion: v1\nkind: Namespace\nmetadata: {name: " + namespace + "}\n");
        runDevicePlugin(namespace, gpusByNode, List.of());
    }

    private void runDevicePlugin(String namespace, Map<String, Integer> gpusByNode, List<String> tolerations) {
        // pods need the namespace's default service account first: created before it, the DaemonSet controller's pods
        // are refused and it backs off for minutes (180 s: the controller manager on a loaded 2-core machine)
        await(180, "--for=jsonpath={.metadata.name}=default", "serviceaccount/default", "-n", namespace);
        try {
            StringBuilder extra = new StringBuilder();
            for (String t : tolerations) {
                Matcher m = TOLERATION.matcher(t);
                if (!m.matches()) {
                    throw new IllegalArgumentException("not KEY=VALUE:EFFECT: " + t);
                }
                extra.append("        - {key: %s, operator: Equal, value: %s, effect: %s}\n".formatted(m.group(1), m.group(2), m.group(3)));
            }
            apply(Files.readString(pluginManifest("daemonset.yaml"))
                    .replace("namespace: gpu-resources", "namespace: " + namespace)
                    .replace("      tolerations:\n", "      tolerations:\n" + extra));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (var e : gpusByNode.entrySet()) {
            awaitAllocatableGpus(e.getKey(), e.getValue());
        }
    }

    private static final Pattern TOLERATION = Pattern.compile("([^=]+)=([^:]+):(\\w+)");

    private static Path pluginManifest(String file) {
        return Testenv.repo().resolve("plugin-manifest/device-plugin").resolve(file);
    }

    /**
     * Waits until {@code node} has {@code gpus} allocatable nvidia.com/gpu (60 s: the plugin pods' rollout on
     * kwok and the device manager's status write take a few seconds on a loaded 2-core machine).
     */
    public void awaitAllocatableGpus(String node, int gpus) {
        await(60, "--for=jsonpath={.status.allocatable.nvidia\\.com/gpu}=" + gpus, "node/" + node);
    }

    /** The node's allocatable nvidia.com/gpu as the API server has it ("" when it has none). */
    public String allocatableGpus(String node) {
        return kubectl("get", "node", node, "-o", "jsonpath={.status.allocatable.nvidia\\.com/gpu}").trim();
    }

    /** kubectl apply -f - with the given YAML. */
    public void apply(String yaml) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("kwok-apply");
            Path f = Files.writeString(dir.resolve("objects.yaml"), yaml);
            kubectl("apply", "-f", f.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            TempFiles.deleteRecursively(dir);
        }
    }

    /** A fabric8 client for setting up scenarios (assertions use {@link #rest()}). */
    public KubernetesClient client() {
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(null, Files.readString(kubeconfig),
                    kubeconfig.toString())).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String server() {
        return kubectl("config", "view", "--minify", "-o", "jsonpath={.clusters[0].cluster.server}").trim();
    }

    /**
     * rest-assured against the API server's own REST endpoints, as a cluster-admin service account:
     * what landed in the cluster is checked independently of fabric8 and of the plugin.
     */
    public RequestSpecification rest() {
        if (adminToken == null) {
            apply("""
                    apiVersion: v1
                    kind: ServiceAccount
                    metadata: {name: test-admin, namespace: kube-system}
                    ---
                    apiVersion: rbac.authorization.k8s.io/v1
                    kind: ClusterRoleBinding
                    metadata: {name: test-admin}
                    roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
                    subjects: [{kind: ServiceAccount, name: test-admin, namespace: kube-system}]
                    """);
            adminToken = kubectl("create", "token", "test-admin", "-n", "kube-system", "--duration=2h").trim();
        }
        return RestAssured.given().baseUri(server()).relaxedHTTPSValidation()
                .header("Authorization", "Bearer " + adminToken).accept("application/json");
    }

    /** A kubeconfig for a service account with only the given Role rules (YAML list), for RBAC tests. */
    public Path restrictedKubeconfig(String account, String clusterRules) throws IOException {
        apply("""
                apiVersion: v1
                kind: ServiceAccount
                metadata: {name: %1$s, namespace: default}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: %1$s}
                rules:
                %2$s
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRoleBinding
                metadata: {name: %1$s}
                roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: %1$s}
                subjects: [{kind: ServiceAccount, name: %1$s, namespace: default}]
                """.formatted(account, clusterRules));
        String token = kubectl("create", "token", account, "-n", "default", "--duration=1h").trim();
        Path file = TempFiles.directory("kubectl-gpu-restricted").resolve("kubeconfig");
        Files.writeString(file, """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", insecure-skip-tls-verify: true}}]
                users: [{name: %s, user: {token: "%s"}}]
                contexts: [{name: restricted, context: {cluster: c, user: %s, namespace: default}}]
                current-context: restricted
                """.formatted(server(), account, token, account));
        return file;
    }

    /**
     * Requests the API server finished for clients whose user agent starts with {@code userAgentPrefix},
     * counted from its audit log (clusters from {@link Testenv#auditedCluster} only).
     */
    public long auditedRequests(String userAgentPrefix) {
        try {
            Path log = kubeconfig.getParent().resolve("logs/audit.log");
            try (var lines = Files.lines(log)) {
                return lines.filter(l -> l.contains("\"userAgent\":\"" + userAgentPrefix)).count();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void stopQuietly() {
        Testenv.exec(List.of(Testenv.repo().resolve("testenv/cluster").toString(), "down", name), Map.of(), 120); // 120 s: testenv/cluster down waits at most 15 s per process
    }
}
