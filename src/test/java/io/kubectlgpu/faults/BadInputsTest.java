package io.kubectlgpu.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.kubectlgpu.testing.Cli;
import io.kubectlgpu.testing.KwokCluster;
import io.kubectlgpu.testing.Testenv;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input corpus (src/test/resources/faults/bad-inputs.txt) against one kwok cluster: every case gives one
 * "error: ..." line and a hint, its documented exit code, no stack trace, no change on the cluster, and, run
 * again with -v, no credential of the kubeconfigs or of the Azure settings anywhere in its output.
 */
@QuarkusMainTest
class BadInputsTest {
    static final KwokCluster CLUSTER = Testenv.cluster("faults", "aks-gpu-pool.yaml", "cpu-system.yaml");
    static final String AZURE_SECRET = "azure-secret-7f3c9d2e-do-not-print";
    static final String MARKER_TOKEN = "kubeconfig-token-5b1e8a-do-not-print";
    static final String PASSWORD = "basic-password-91c4-do-not-print";

    @TempDir
    static Path dir;

    private static final Map<String, String> placeholders = new HashMap<>();
    private static final Set<String> secrets = new LinkedHashSet<>();
    private static final Map<Integer, Integer> outcomes = new TreeMap<>();
    private static final Map<String, Integer> perCommand = new TreeMap<>();
    private static String baseline;

    record Case(int line, int exitCode, List<String> args, String text) {
        @Override
        public String toString() {
            return "line " + line + ": " + text;
        }
    }

    static Stream<Case> corpus() throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = BadInputsTest.class.getResourceAsStream("/faults/bad-inputs.txt")) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).strip();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int bar = line.indexOf(" | ");
                cases.add(new Case(i + 1, Integer.parseInt(line.substring(0, bar).strip()),
                        split(line.substring(bar + 3).strip()), line.substring(bar + 3).strip()));
            }
        }
        return cases.stream();
    }

    /** Spaces separate arguments; '...' quotes (also an empty argument). */
    static List<String> split(String text) {
        List<String> args = new ArrayList<>();
        Matcher m = Pattern.compile("'([^']*)'|(\\S+)").matcher(text);
        while (m.find()) {
            args.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        // a quoted part glued to the flag (k='v') is not used in the corpus; keep the split simple
        return args;
    }

    @BeforeAll
    static void kubeconfigs() throws Exception {
        String server = CLUSTER.server();
        placeholders.put("{kc}", CLUSTER.kubeconfig().toString());
        placeholders.put("{long64}", "a".repeat(64));
        placeholders.put("{long300}", "v".repeat(300));
        placeholders.put("{missing}", dir.resolve("no-such-kubeconfig").toString());
        placeholders.put("{dir}", dir.toString());
        placeholders.put("{empty}", write("empty", ""));
        placeholders.put("{garbage}", write("garbage", "apiVersion: v1\nusers: [{name: u, user: {token: " + MARKER_TOKEN
                + "}}\nclusters: {{{ not: yaml: at: all\n"));
        byte[] binary = new byte[512];
        new java.util.Random(13).nextBytes(binary);
        Path bin = dir.resolve("binary.kubeconfig");
        Files.write(bin, binary);
        placeholders.put("{binary}", bin.toString());
        placeholders.put("{nocurrent}", write("nocurrent", kubeconfig(server, "token: " + MARKER_TOKEN, null)));
        placeholders.put("{noclusters}", write("noclusters", "apiVersion: v1\nkind: Config\ncurrent-context: x\n"));
        placeholders.put("{wrongca}", write("wrongca", kubeconfig(server, "token: " + MARKER_TOKEN, wrongCa())));
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        placeholders.put("{closed}", write("closed", kubeconfig("https://127.0.0.1:" + closed, "token: " + MARKER_TOKEN, "")));
        placeholders.put("{basic}", write("basic", kubeconfig(server, "{username: admin, password: " + PASSWORD + "}", "")));

        Path readonly = CLUSTER.restrictedKubeconfig("faults-readonly",
                "- {apiGroups: ['*'], resources: ['*'], verbs: [get, list, watch]}");
        Path dsOnly = CLUSTER.restrictedKubeconfig("faults-dsonly", """
                - {apiGroups: ['*'], resources: ['*'], verbs: [get, list, watch]}
                - {apiGroups: [apps], resources: [daemonsets], verbs: [create, patch, update]}
                - {apiGroups: [''], resources: [configmaps], verbs: [create, patch, update]}""");
        Path revoked = CLUSTER.restrictedKubeconfig("faults-revoked", "- {apiGroups: [''], resources: [nodes], verbs: [list]}");
        CLUSTER.kubectl("delete", "serviceaccount", "faults-revoked", "-n", "default");
        // each is a file named kubeconfig in a folder of its own: moved here under distinct names
        placeholders.put("{readonly}", Files.move(readonly, dir.resolve("readonly.kubeconfig")).toString());
        placeholders.put("{dsonly}", Files.move(dsOnly, dir.resolve("dsonly.kubeconfig")).toString());
        placeholders.put("{expired}", Files.move(revoked, dir.resolve("expired.kubeconfig")).toString());

        for (String key : List.of("{kc}", "{readonly}", "{dsonly}", "{expired}", "{basic}", "{closed}")) {
            secrets.addAll(credentials(Path.of(placeholders.get(key))));
        }
        secrets.add(MARKER_TOKEN);
        secrets.add(PASSWORD);
        secrets.add(AZURE_SECRET);

        // the Azure settings a user would have (the SDK reads system properties before the environment)
        System.setProperty("AZURE_TENANT_ID", "00000000-0000-0000-0000-000000000013");
        System.setProperty("AZURE_CLIENT_ID", "00000000-0000-0000-0000-000000000014");
        System.setProperty("AZURE_CLIENT_SECRET", AZURE_SECRET);
        System.setProperty("AZURE_SUBSCRIPTION_ID", "00000000-0000-0000-0000-000000000015");
        System.setProperty("AZURE_TOKEN_CREDENTIALS", "EnvironmentCredential");
        System.setProperty("AZURE_CONFIG_DIR", dir.resolve("azure").toString());
        System.setProperty("KUBECONFIG", dir.resolve("no-kubeconfig-from-the-environment").toString());
        baseline = clusterState();
    }

    @AfterAll
    static void report() throws IOException {
        for (String p : List.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET", "AZURE_SUBSCRIPTION_ID",
                "AZURE_TOKEN_CREDENTIALS", "AZURE_CONFIG_DIR", "KUBECONFIG")) {
            System.clearProperty(p);
        }
        int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder md = new StringBuilder();
        perCommand.forEach((command, n) -> md.append("| bad input: `").append(command).append("` | ").append(n)
                .append(" | one `error:` line + hint, exit code as documented, no stack trace, nothing changed; with -v: no secret |\n"));
        md.append("| bad inputs in all, by exit code | ").append(total).append(" | ");
        outcomes.forEach((code, n) -> md.append("exit ").append(code).append(": ").append(n).append("; "));
        md.setLength(md.length() - 2);
        md.append(" |\n");
        Reliability.write("bad-inputs", md.toString());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void badInputGivesOneErrorLineAHintItsExitCodeAndChangesNothing(Case c, QuarkusMainLauncher launcher) {
        String[] args = c.args().stream().map(BadInputsTest::fill).toArray(String[]::new);
        Cli run = Cli.run(launcher, args);
        String stderr = run.stderr().replaceAll("\u001B\\[[0-9;]*m", "");
        String context = c + run.toString();

        assertEquals(c.exitCode(), run.exitCode(), context);
        List<String> lines = stderr.lines().toList();
        List<Integer> errorLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("error: ")) {
                errorLines.add(i);
            }
        }
        assertEquals(1, errorLines.size(), "exactly one error line: " + context);
        int at = errorLines.getFirst();
        assertTrue(at + 1 < lines.size() && lines.get(at + 1).startsWith("  ") && !lines.get(at + 1).isBlank(),
                "a hint follows the error line: " + context);
        assertTrue(lines.get(at).length() <= 300, "the error is one readable line: " + context);
        assertTrue(!stderr.contains("\tat ") && !stderr.contains("Exception") && !run.stdout().contains("Exception"),
                "no stack trace or exception name without -v: " + context);
        assertTrue(!stderr.contains("internal error"), "a bad input is no internal error: " + context);
        assertEquals(baseline, clusterState(), "nothing changed on the cluster: " + context);

        List<String> verboseArgs = new ArrayList<>(List.of(args));
        verboseArgs.add(verboseArgs.contains("--") ? verboseArgs.indexOf("--") : verboseArgs.size(), "-v");
        Cli verbose = Cli.run(launcher, verboseArgs.toArray(String[]::new));
        assertEquals(c.exitCode(), verbose.exitCode(), "the same exit code with -v: " + c + verbose);
        String all = verbose.stdout() + verbose.stderr() + run.stdout() + run.stderr();
        for (String secret : secrets) {
            assertTrue(!all.contains(secret), "no credential in the output (" + secret.length() + " characters of "
                    + (secret.startsWith("-") ? "key" : "secret") + " material found): " + c);
        }
        synchronized (outcomes) {
            outcomes.merge(c.exitCode(), 1, Integer::sum);
            perCommand.merge(command(c.args()), 1, Integer::sum);
        }
    }

    private static String command(List<String> args) {
        List<String> words = new ArrayList<>();
        for (String a : args) {
            if (a.startsWith("-") || a.startsWith("{") || !a.matches("[a-z-]+") || words.size() == (words.contains("aks") ? 3 : 1)) {
                break;
            }
            words.add(a);
        }
        if (words.isEmpty()) {
            return "kubectl gpu";
        }
        if (words.getFirst().equals("aks")) {
            return "aks …";
        }
        return List.of("install", "uninstall", "verify", "ps", "run", "watch", "logs", "delete", "version", "completion")
                .contains(words.getFirst()) ? words.getFirst() : "kubectl gpu";
    }

    private static String fill(String arg) {
        String out = arg;
        for (Map.Entry<String, String> e : placeholders.entrySet()) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Names of namespaces, DaemonSets, Jobs and ConfigMaps (those a command could create), read with the admin view. */
    static String clusterState() {
        StringBuilder state = new StringBuilder();
        for (String path : List.of("/api/v1/namespaces", "/apis/apps/v1/daemonsets", "/apis/batch/v1/jobs", "/api/v1/configmaps")) {
            List<String> names = CLUSTER.rest().get(path).then().statusCode(200).extract().jsonPath()
                    .getList("items.collect { it.metadata.namespace + '/' + it.metadata.name }");
            names.stream().sorted().forEach(n -> state.append(path).append(' ').append(n).append('\n'));
        }
        return state.toString();
    }

    private static String write(String name, String content) throws IOException {
        Path f = dir.resolve(name + ".kubeconfig");
        Files.writeString(f, content);
        return f.toString();
    }

    /** A kubeconfig; ca null: no current context; "" : no CA (insecure-skip-tls-verify). */
    private static String kubeconfig(String server, String user, String caData) {
        String tls = caData == null || caData.isEmpty() ? "insecure-skip-tls-verify: true" : "certificate-authority-data: " + caData;
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: c, cluster: {server: "%s", %s}}]
                users: [{name: u, user: %s}]
                contexts: [{name: ctx, context: {cluster: c, user: u}}]
                %s
                """.formatted(server, tls, user.startsWith("{") ? user : "{" + user + "}",
                caData == null ? "" : "current-context: ctx");
    }

    /** A CA certificate that did not sign the API server's: made here with openssl. */
    private static String wrongCa() throws IOException {
        Path key = dir.resolve("wrong-ca.key");
        Path cert = dir.resolve("wrong-ca.crt");
        Testenv.exec(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out",
                cert.toString(), "-subj", "/CN=not-the-cluster-ca", "-days", "1"), Map.of(), 60).requireSuccess();
        return Base64.getEncoder().encodeToString(Files.readAllBytes(cert));
    }

    /** Tokens, passwords and private-key lines of a kubeconfig's users (inline or in files): what must never be printed. */
    @SuppressWarnings("unchecked")
    static List<String> credentials(Path kubeconfig) throws IOException {
        List<String> found = new ArrayList<>();
        Object doc = new org.yaml.snakeyaml.Yaml().load(Files.readString(kubeconfig));
        if (!(doc instanceof Map<?, ?> map) || !(map.get("users") instanceof List<?> users)) {
            return found;
        }
        for (Object u : users) {
            Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) u).get("user");
            if (user == null) {
                continue;
            }
            for (String field : List.of("token", "password")) {
                if (user.get(field) != null) {
                    found.add(user.get(field).toString());
                }
            }
            String pem = null;
            if (user.get("client-key-data") != null) {
                pem = new String(Base64.getDecoder().decode(user.get("client-key-data").toString()), StandardCharsets.UTF_8);
                found.add(user.get("client-key-data").toString().substring(0, 48));
            } else if (user.get("client-key") != null) {
                Path file = kubeconfig.getParent().resolve(user.get("client-key").toString());
                pem = Files.readString(file);
            }
            if (pem != null) {
                pem.lines().filter(l -> !l.startsWith("-----") && l.length() >= 40).limit(5).forEach(found::add);
            }
        }
        return found;
    }
}
