package io.kubectlgpu.aks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local HTTPS stand-in for Entra ID's token endpoint and Azure Resource Manager, following ARM's REST contract for
 * the api-versions kubectl-gpu sends: it validates api-version, subscription, bearer token and request bodies (the
 * patterns and enums of the Microsoft.ContainerService specification), answers PUTs of clusters and pools with 201 and
 * an Azure-AsyncOperation status URL that goes InProgress then Succeeded (or Failed), moves features from Registering
 * to Registered, pages SKU lists with nextLink, answers Compute usages (regional vCPUs used and allowed per family),
 * serves generic-resource PUTs of agent pools and clusters with the preview api-version, and answers errors with
 * {"error":{"code","message"}}. Unless a test sets its own, the subscription has a few current GPU sizes in westeurope
 * and eastus and vCPU quota for them (DEFAULT_SKUS, DEFAULT_USAGES: bodies shaped as the ARM REST reference shows
 * them, in this project's words). Every request is recorded for the tests to assert on. Listens on 127.0.0.1 only.
 */
final class AksArmFake implements AutoCloseable {
    static final String SUBSCRIPTION = "11111111-2222-3333-4444-555555555555";
    static final String TENANT = "72f988bf-0000-4000-8000-00000000cafe";
    static final String CLIENT_ID = "0b0b0b0b-1111-2222-3333-444444444444";
    static final String CLIENT_SECRET = "client-secret-" + UUID.randomUUID();

    static final Set<String> CONTAINER_SERVICE_VERSIONS = Set.of(ArmApi.CONTAINER_SERVICE, ArmApi.CONTAINER_SERVICE_PREVIEW);
    private static final Pattern POOL_NAME = Pattern.compile("^[a-z][a-z0-9]{0,11}$");
    private static final Pattern CLUSTER_NAME = Pattern.compile("^[a-zA-Z0-9]$|^[a-zA-Z0-9][-_a-zA-Z0-9]{0,61}[a-zA-Z0-9]$");
    private static final Pattern DNS_PREFIX = Pattern.compile("^[a-zA-Z0-9]$|^[a-zA-Z0-9][-a-zA-Z0-9]{0,52}[a-zA-Z0-9]$");
    private static final Pattern TAINT = Pattern.compile("^[^=:\\s]+(=[^=:\\s]+)?:(NoSchedule|PreferNoSchedule|NoExecute)$");
    private static final Set<String> MIG = Set.of("MIG1g", "MIG2g", "MIG3g", "MIG4g", "MIG7g");
    private static final Set<String> OS_SKUS = Set.of("Ubuntu", "Ubuntu2204", "Ubuntu2404", "AzureLinux", "AzureLinux3",
            "Windows2019", "Windows2022");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the fake received it. Header names are lower case. */
    record Received(String method, String path, Map<String, String> query, Map<String, String> headers, String rawBody,
            JsonNode body, Instant at) {
        String apiVersion() {
            return query.get("api-version");
        }

        boolean isToken() {
            return path.endsWith("/oauth2/v2.0/token");
        }

        @Override
        public String toString() {
            return method + " " + path + " " + query;
        }
    }

    /** A prepared failure: the next {@code times} requests matching method and path regex get this answer. */
    record Failure(String method, Pattern path, int status, String code, String message, Map<String, String> headers,
            int[] times) {
    }

    private static final class Operation {
        final String id;
        final String resourceKey;
        int pollsLeft;
        final ObjectNode error;

        Operation(String id, String resourceKey, int polls, ObjectNode error) {
            this.id = id;
            this.resourceKey = resourceKey;
            this.pollsLeft = polls;
            this.error = error;
        }
    }

    private static final class Feature {
        String state = "NotRegistered";
        int pollsLeft;
    }

    final String token = "arm-token-" + UUID.randomUUID();
    final List<Received> received = new CopyOnWriteArrayList<>();
    private final HttpsServer server;
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final Map<String, ObjectNode> resourceGroups = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> resources = new ConcurrentHashMap<>();
    private final Map<String, Operation> operations = new ConcurrentHashMap<>();
    private final Map<String, Feature> features = new ConcurrentHashMap<>();
    private final Map<String, Integer> providerPolls = new ConcurrentHashMap<>();
    private final Map<String, String> userKubeconfigs = new ConcurrentHashMap<>();
    private final List<JsonNode> skus = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> usages = new ConcurrentHashMap<>();
    volatile int pollsBeforeDone = 2;
    volatile int featurePollsBeforeRegistered = 2;
    private volatile ObjectNode nextOperationError;

    AksArmFake() {
        try {
            server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setHttpsConfigurator(new HttpsConfigurator(AksTestTls.serverContext()));
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::handle);
        server.start();
    }

    String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    // ---- test set-up and inspection ----

    void reset() {
        received.clear();
        failures.clear();
        resourceGroups.clear();
        resources.clear();
        operations.clear();
        features.clear();
        providerPolls.clear();
        userKubeconfigs.clear();
        skus.clear();
        usages.clear();
        pollsBeforeDone = 2;
        featurePollsBeforeRegistered = 2;
        nextOperationError = null;
    }

    void addResourceGroup(String name, String location) {
        ObjectNode rg = JSON.createObjectNode();
        rg.put("id", "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + name);
        rg.put("name", name);
        rg.put("location", location);
        rg.putObject("properties").put("provisioningState", "Succeeded");
        resourceGroups.put(key(name), rg);
    }

    /** A cluster that exists already, with one system pool. */
    void addCluster(String rg, String name, String location) {
        addResourceGroup(rg, location);
        ObjectNode c = JSON.createObjectNode();
        c.put("id", clusterId(rg, name));
        c.put("name", name);
        c.put("location", location);
        c.put("type", "Microsoft.ContainerService/ManagedClusters");
        ObjectNode p = c.putObject("properties");
        p.put("provisioningState", "Succeeded");
        p.put("kubernetesVersion", "1.33.2");
        p.put("dnsPrefix", name);
        p.put("fqdn", name + "-abc123.hcp." + location + ".azmk8s.io");
        ObjectNode sys = p.putArray("agentPoolProfiles").addObject();
        sys.put("name", "system").put("mode", "System").put("vmSize", "Standard_D2s_v5").put("count", 1)
                .put("provisioningState", "Succeeded");
        resources.put(key(clusterId(rg, name)), c);
    }

    void setUserKubeconfig(String cluster, String yaml) {
        userKubeconfigs.put(cluster, yaml);
    }

    void addFeature(String namespace, String name) {
        features.put(key(namespace + "/" + name), new Feature());
    }

    void addSku(JsonNode sku) {
        skus.add(sku);
    }

    /** The regional vCPU usage of a family (or "cores", Total Regional vCPUs) in every region; replaces the defaults. */
    void setUsage(String name, long current, long limit) {
        usages.put(name, new long[] {current, limit});
    }

    /** A virtualMachines resource SKU as the resource SKU API lists it; restriction: a Location reason code or null. */
    static ObjectNode vmSku(String name, String family, Map<String, String> capabilities, String restriction,
            List<String> restrictedZones, String location) {
        ObjectNode sku = JSON.createObjectNode();
        sku.put("resourceType", "virtualMachines");
        sku.put("name", name);
        sku.put("tier", "Standard");
        sku.put("size", name.substring("Standard_".length()));
        sku.put("family", family);
        sku.putArray("locations").add(location);
        ObjectNode info = sku.putArray("locationInfo").addObject();
        info.put("location", location);
        info.putArray("zones").add("3").add("1").add("2");
        ArrayNode caps = sku.putArray("capabilities");
        capabilities.forEach((k, v) -> caps.addObject().put("name", k).put("value", v));
        ArrayNode restrictions = sku.putArray("restrictions");
        if (restriction != null) {
            ObjectNode r = restrictions.addObject();
            r.put("type", "Location");
            r.putArray("values").add(location);
            r.put("reasonCode", restriction);
            r.putObject("restrictionInfo").putArray("locations").add(location);
        }
        if (!restrictedZones.isEmpty()) {
            ObjectNode r = restrictions.addObject();
            r.put("type", "Zone");
            r.putArray("values").add(location);
            r.put("reasonCode", "NotAvailableForSubscription");
            ObjectNode ri = r.putObject("restrictionInfo");
            ri.putArray("locations").add(location);
            ArrayNode z = ri.putArray("zones");
            restrictedZones.forEach(z::add);
        }
        return sku;
    }

    /** What the subscription is offered when a test sets no SKUs: the system pool's size and current GPU sizes. */
    static List<JsonNode> defaultSkus() {
        List<JsonNode> list = new ArrayList<>();
        for (String location : List.of("westeurope", "eastus")) {
            list.add(vmSku("Standard_D2s_v5", "standardDSv5Family", Map.of("vCPUs", "2", "MemoryGB", "8"), null, List.of(), location));
            list.add(vmSku("Standard_NC4as_T4_v3", "standardNCASv3_T4Family",
                    Map.of("vCPUs", "4", "MemoryGB", "28", "GPUs", "1"), null, List.of(), location));
            list.add(vmSku("Standard_NC8as_T4_v3", "standardNCASv3_T4Family",
                    Map.of("vCPUs", "8", "MemoryGB", "56", "GPUs", "1"), null, List.of(), location));
            list.add(vmSku("Standard_NC24ads_A100_v4", "StandardNCADSA100v4Family",
                    Map.of("vCPUs", "24", "MemoryGB", "220", "GPUs", "1"), null, List.of(), location));
        }
        return list;
    }

    /** Usages when a test sets none: a subscription that was granted GPU quota (a new one has 0 for GPU families). */
    static final Map<String, long[]> DEFAULT_USAGES = Map.of(
            "cores", new long[] {4, 350},
            "standardDSv5Family", new long[] {4, 350},
            "standardNCASv3_T4Family", new long[] {0, 64},
            "StandardNCADSA100v4Family", new long[] {0, 96});

    private static final Map<String, String> USAGE_NAMES = Map.of(
            "cores", "Total Regional vCPUs",
            "standardDSv5Family", "Standard DSv5 Family vCPUs",
            "standardNCASv3_T4Family", "Standard NCASv3_T4 Family vCPUs",
            "StandardNCADSA100v4Family", "Standard NCADS_A100_v4 Family vCPUs");

    /** The next {@code times} requests matching get this ARM error answer. */
    void fail(String method, String pathRegex, int status, String code, String message, Map<String, String> headers, int times) {
        failures.add(new Failure(method, Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE), status, code, message, headers,
                new int[] {times}));
    }

    /** The next long-running operation ends Failed with this error. */
    void failNextOperation(String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.put("code", code);
        e.put("message", message);
        nextOperationError = e;
    }

    List<Received> arm() {
        return received.stream().filter(r -> !r.isToken()).toList();
    }

    List<Received> requests(String method, String pathRegex) {
        Pattern p = Pattern.compile(pathRegex, Pattern.CASE_INSENSITIVE);
        return received.stream().filter(r -> r.method().equals(method) && p.matcher(r.path()).find()).toList();
    }

    JsonNode resource(String id) {
        return resources.get(key(id));
    }

    static String clusterId(String rg, String name) {
        return "/subscriptions/" + SUBSCRIPTION + "/resourceGroups/" + rg + "/providers/Microsoft.ContainerService/managedClusters/"
                + name;
    }

    // ---- the HTTP side ----

    private void handle(HttpExchange ex) throws IOException {
        try {
            String raw = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            JsonNode body = null;
            if (!raw.isBlank() && headers.getOrDefault("content-type", "").contains("json")) {
                try {
                    body = JSON.readTree(raw);
                } catch (IOException e) {
                    send(ex, 400, error("InvalidRequestContent", "The request content was invalid and could not be deserialized."), Map.of());
                    return;
                }
            }
            Received r = new Received(ex.getRequestMethod(), ex.getRequestURI().getPath(), query, headers, raw, body, Instant.now());
            received.add(r);
            route(ex, r);
        } catch (RuntimeException e) {
            send(ex, 500, error("InternalServerError", "fake failed: " + e), Map.of());
        } finally {
            ex.close();
        }
    }

    private void route(HttpExchange ex, Received r) throws IOException {
        if (r.isToken()) {
            token(ex, r);
            return;
        }
        if (!("Bearer " + token).equals(r.headers().get("authorization"))) {
            send(ex, 401, error("InvalidAuthenticationToken", "The access token is invalid."), Map.of());
            return;
        }
        for (Failure f : failures) {
            if (f.method().equals(r.method()) && f.path().matcher(r.path()).find() && f.times()[0] > 0) {
                f.times()[0]--;
                send(ex, f.status(), error(f.code(), f.message()), f.headers());
                return;
            }
        }
        String path = r.path();
        Matcher m;
        if ((m = match("^/subscriptions/([^/]+)/resourcegroups/([^/]+)$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), Set.of(ArmApi.RESOURCES))) {
                resourceGroup(ex, r, m.group(2));
            }
        } else if ((m = match("^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), CONTAINER_SERVICE_VERSIONS)) {
                cluster(ex, r, m.group(2), m.group(3));
            }
        } else if ((m = match("^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)/agentPools/([^/]+)$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), CONTAINER_SERVICE_VERSIONS)) {
                pool(ex, r, m.group(2), m.group(3), m.group(4));
            }
        } else if ((m = match("^/subscriptions/([^/]+)/resourcegroups/([^/]+)/providers/Microsoft\\.ContainerService/managedClusters/([^/]+)/(listClusterUserCredential|listClusterAdminCredential)$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), CONTAINER_SERVICE_VERSIONS)) {
                credentials(ex, r, m.group(2), m.group(3), m.group(4));
            }
        } else if ((m = match("^/subscriptions/([^/]+)/providers/Microsoft\\.ContainerService/locations/([^/]+)/operations/([^/]+)$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), CONTAINER_SERVICE_VERSIONS)) {
                operation(ex, m.group(3));
            }
        } else if ((m = match("^/subscriptions/([^/]+)/providers/Microsoft\\.Features/providers/([^/]+)/features/([^/]+?)(/register)?$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), Set.of(ArmApi.FEATURES))) {
                feature(ex, r, m.group(2), m.group(3), m.group(4) != null);
            }
        } else if ((m = match("^/subscriptions/([^/]+)/providers/Microsoft\\.Compute/skus$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), Set.of(ArmApi.COMPUTE_SKUS))) {
                skus(ex, r);
            }
        } else if ((m = match("^/subscriptions/([^/]+)/providers/Microsoft\\.Compute/locations/([^/]+)/usages$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), Set.of(ArmApi.COMPUTE_USAGES))) {
                usages(ex, r);
            }
        } else if ((m = match("^/subscriptions/([^/]+)/providers/([A-Za-z.]+)(/register)?$", path)) != null) {
            if (checkCommon(ex, r, m.group(1), Set.of(ArmApi.RESOURCES))) {
                provider(ex, r, m.group(2), m.group(3) != null);
            }
        } else {
            send(ex, 404, error("NotFound", "No HTTP resource was found that matches the request URI '" + path + "'."), Map.of());
        }
    }

    private boolean checkCommon(HttpExchange ex, Received r, String sub, Set<String> versions) throws IOException {
        String v = r.apiVersion();
        if (v == null) {
            send(ex, 400, error("MissingApiVersionParameter", "The api-version query parameter (?api-version=) is required for all requests."), Map.of());
            return false;
        }
        if (!versions.contains(v)) {
            send(ex, 400, error("NoRegisteredProviderFound", "No registered resource provider found for API version '" + v
                    + "'. The supported api-versions are '" + String.join(", ", versions) + "'."), Map.of());
            return false;
        }
        if (!sub.equals(SUBSCRIPTION)) {
            send(ex, 404, error("SubscriptionNotFound", "The subscription '" + sub + "' could not be found."), Map.of());
            return false;
        }
        return true;
    }

    private void token(HttpExchange ex, Received r) throws IOException {
        Map<String, String> form = query(r.rawBody());
        boolean ok = r.method().equals("POST") && r.path().equals("/" + TENANT + "/oauth2/v2.0/token")
                && "client_credentials".equals(form.get("grant_type")) && CLIENT_ID.equals(form.get("client_id"))
                && CLIENT_SECRET.equals(form.get("client_secret"));
        if (!ok) {
            ObjectNode e = JSON.createObjectNode();
            e.put("error", "invalid_client");
            e.put("error_description", "AADSTS7000215: Invalid client secret provided. Trace ID: 0000");
            e.putArray("error_codes").add(7000215);
            send(ex, 401, e, Map.of());
            return;
        }
        ObjectNode t = JSON.createObjectNode();
        t.put("token_type", "Bearer");
        t.put("expires_in", 3599);
        t.put("ext_expires_in", 3599);
        t.put("access_token", token);
        send(ex, 200, t, Map.of());
    }

    private void resourceGroup(HttpExchange ex, Received r, String name) throws IOException {
        ObjectNode rg = resourceGroups.get(key(name));
        switch (r.method()) {
            case "GET" -> {
                if (rg == null) {
                    send(ex, 404, error("ResourceGroupNotFound", "Resource group '" + name + "' could not be found."), Map.of());
                } else {
                    send(ex, 200, rg, Map.of());
                }
            }
            case "PUT" -> {
                String location = text(r.body(), "location");
                if (location == null || location.isBlank()) {
                    send(ex, 400, error("LocationRequired", "The location property is required for this definition."), Map.of());
                    return;
                }
                if (rg != null && !rg.get("location").asText().equals(location)) {
                    send(ex, 409, error("InvalidResourceGroupLocation", "Invalid resource group location '" + location
                            + "'. The Resource group already exists in location '" + rg.get("location").asText() + "'."), Map.of());
                    return;
                }
                boolean created = rg == null;
                addResourceGroup(name, location);
                send(ex, created ? 201 : 200, resourceGroups.get(key(name)), Map.of());
            }
            default -> send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
        }
    }

    private void cluster(HttpExchange ex, Received r, String rg, String name) throws IOException {
        String id = clusterId(rg, name);
        ObjectNode existing = resources.get(key(id));
        if (r.method().equals("GET")) {
            if (existing == null) {
                send(ex, 404, error("ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/" + name
                        + "' under resource group '" + rg + "' was not found."), Map.of());
            } else {
                send(ex, 200, existing, Map.of());
            }
            return;
        }
        if (!r.method().equals("PUT")) {
            send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
            return;
        }
        if (resourceGroups.get(key(rg)) == null) {
            send(ex, 404, error("ResourceGroupNotFound", "Resource group '" + rg + "' could not be found."), Map.of());
            return;
        }
        if (existing != null && "*".equals(r.headers().get("if-none-match"))) {
            send(ex, 412, error("PreconditionFailed", "The resource already exists (If-None-Match: *)."), Map.of());
            return;
        }
        String invalid = validateCluster(r.body(), r.apiVersion(), name);
        if (invalid != null) {
            send(ex, 400, error("InvalidParameter", invalid), Map.of());
            return;
        }
        ObjectNode c = r.body().deepCopy();
        c.put("id", id);
        c.put("name", name);
        c.put("type", "Microsoft.ContainerService/ManagedClusters");
        ObjectNode props = (ObjectNode) c.get("properties");
        props.put("provisioningState", "Creating");
        props.put("fqdn", props.get("dnsPrefix").asText() + "-abc123.hcp." + c.get("location").asText() + ".azmk8s.io");
        if (!props.has("kubernetesVersion")) {
            props.put("kubernetesVersion", "1.33.2");
        }
        props.get("agentPoolProfiles").forEach(p -> ((ObjectNode) p).put("provisioningState", "Creating"));
        resources.put(key(id), c);
        send(ex, 201, c, asyncHeaders(id, c.get("location").asText(), r.apiVersion()));
    }

    private void pool(HttpExchange ex, Received r, String rg, String cluster, String name) throws IOException {
        String clusterId = clusterId(rg, cluster);
        String id = clusterId + "/agentPools/" + name;
        ObjectNode c = resources.get(key(clusterId));
        ObjectNode existing = resources.get(key(id));
        if (c == null) {
            send(ex, 404, error("ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/" + cluster
                    + "' under resource group '" + rg + "' was not found."), Map.of());
            return;
        }
        if (r.method().equals("GET")) {
            if (existing == null) {
                send(ex, 404, error("NotFound", "Agent pool '" + name + "' not found in cluster '" + cluster + "'."), Map.of());
            } else {
                send(ex, 200, existing, Map.of());
            }
            return;
        }
        if (!r.method().equals("PUT")) {
            send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
            return;
        }
        if (existing != null && "*".equals(r.headers().get("if-none-match"))) {
            send(ex, 412, error("PreconditionFailed", "The resource already exists (If-None-Match: *)."), Map.of());
            return;
        }
        if (!POOL_NAME.matcher(name).matches()) {
            send(ex, 400, error("InvalidParameter", "agentPoolName '" + name + "' does not match ^[a-z][a-z0-9]{0,11}$"), Map.of());
            return;
        }
        JsonNode props = r.body() == null ? null : r.body().get("properties");
        String invalid = props == null ? "properties are required" : validatePool(props, r.apiVersion(), false);
        if (invalid != null) {
            send(ex, 400, error("InvalidParameter", invalid), Map.of());
            return;
        }
        ObjectNode p = r.body().deepCopy();
        p.put("id", id);
        p.put("name", name);
        p.put("type", "Microsoft.ContainerService/managedClusters/agentPools");
        ((ObjectNode) p.get("properties")).put("provisioningState", "Creating");
        resources.put(key(id), p);
        send(ex, 201, p, asyncHeaders(id, c.get("location").asText(), r.apiVersion()));
    }

    private Map<String, String> asyncHeaders(String resourceId, String location, String apiVersion) {
        String op = UUID.randomUUID().toString();
        operations.put(op, new Operation(op, key(resourceId), pollsBeforeDone, nextOperationError));
        nextOperationError = null;
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Azure-AsyncOperation", url() + "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.ContainerService/locations/"
                + location + "/operations/" + op + "?api-version=" + apiVersion);
        h.put("Retry-After", "0");
        return h;
    }

    private void operation(HttpExchange ex, String id) throws IOException {
        Operation op = operations.get(id);
        if (op == null) {
            send(ex, 404, error("NotFound", "Operation " + id + " not found."), Map.of());
            return;
        }
        ObjectNode status = JSON.createObjectNode();
        status.put("name", id);
        status.put("startTime", Instant.now().toString());
        ObjectNode resource = resources.get(op.resourceKey);
        if (op.pollsLeft > 0) {
            op.pollsLeft--;
            status.put("status", "InProgress");
        } else if (op.error != null) {
            status.put("status", "Failed");
            status.set("error", op.error);
            setState(resource, "Failed");
        } else {
            status.put("status", "Succeeded");
            setState(resource, "Succeeded");
        }
        send(ex, 200, status, Map.of("Retry-After", "0"));
    }

    private static void setState(ObjectNode resource, String state) {
        if (resource == null) {
            return;
        }
        ObjectNode props = (ObjectNode) resource.get("properties");
        props.put("provisioningState", state);
        if (props.has("agentPoolProfiles")) {
            props.get("agentPoolProfiles").forEach(p -> ((ObjectNode) p).put("provisioningState", state));
        }
    }

    private void credentials(HttpExchange ex, Received r, String rg, String cluster, String op) throws IOException {
        if (!r.method().equals("POST")) {
            send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
            return;
        }
        if (resources.get(key(clusterId(rg, cluster))) == null) {
            send(ex, 404, error("ResourceNotFound", "The Resource 'Microsoft.ContainerService/managedClusters/" + cluster
                    + "' under resource group '" + rg + "' was not found."), Map.of());
            return;
        }
        String format = r.query().get("format");
        if (format != null && !format.equals("exec") && !format.equals("azure")) {
            send(ex, 400, error("InvalidParameter", "format must be azure or exec"), Map.of());
            return;
        }
        String yaml = userKubeconfigs.get(cluster);
        if (yaml == null) {
            send(ex, 500, error("InternalError", "no kubeconfig prepared for " + cluster), Map.of());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.putArray("kubeconfigs").addObject()
                .put("name", op.equals("listClusterAdminCredential") ? "clusterAdmin" : "clusterUser")
                .put("value", Base64.getEncoder().encodeToString(yaml.getBytes(StandardCharsets.UTF_8)));
        send(ex, 200, body, Map.of());
    }

    private void feature(HttpExchange ex, Received r, String namespace, String name, boolean register) throws IOException {
        Feature f = features.get(key(namespace + "/" + name));
        if (f == null) {
            send(ex, 404, error("FeatureNotFound", "The feature '" + name + "' could not be found."), Map.of());
            return;
        }
        if (register) {
            if (!r.method().equals("POST")) {
                send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
                return;
            }
            if (!f.state.equals("Registered")) {
                f.state = "Registering";
                f.pollsLeft = featurePollsBeforeRegistered;
            }
        } else if (r.method().equals("GET")) {
            if (f.state.equals("Registering")) {
                if (f.pollsLeft > 0) {
                    f.pollsLeft--;
                } else {
                    f.state = "Registered";
                }
            }
        } else {
            send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "/subscriptions/" + SUBSCRIPTION + "/providers/Microsoft.Features/providers/" + namespace + "/features/" + name);
        body.put("name", namespace + "/" + name);
        body.put("type", "Microsoft.Features/providers/features");
        body.putObject("properties").put("state", f.state);
        send(ex, 200, body, Map.of());
    }

    private void provider(HttpExchange ex, Received r, String namespace, boolean register) throws IOException {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "/subscriptions/" + SUBSCRIPTION + "/providers/" + namespace);
        body.put("namespace", namespace);
        if (register) {
            if (!r.method().equals("POST")) {
                send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
                return;
            }
            providerPolls.put(key(namespace), 1);
            body.put("registrationState", "Registering");
        } else {
            Integer left = providerPolls.get(key(namespace));
            if (left != null && left > 0) {
                providerPolls.put(key(namespace), left - 1);
                body.put("registrationState", "Registering");
            } else {
                body.put("registrationState", "Registered");
            }
        }
        send(ex, 200, body, Map.of());
    }

    private void skus(HttpExchange ex, Received r) throws IOException {
        String filter = r.query().get("$filter");
        Matcher m = filter == null ? null : Pattern.compile("^location eq '([a-z0-9]+)'$").matcher(filter);
        if (m == null || !m.matches()) {
            send(ex, 400, error("InvalidFilter", "Unsupported $filter '" + filter + "'."), Map.of());
            return;
        }
        String location = m.group(1);
        List<JsonNode> inRegion = new ArrayList<>();
        for (JsonNode s : skus.isEmpty() ? defaultSkus() : skus) {
            JsonNode locs = s.get("locations");
            if (locs != null && locs.toString().toLowerCase(Locale.ROOT).contains("\"" + location + "\"")) {
                inRegion.add(s);
            }
        }
        boolean second = "2".equals(r.query().get("$skipToken"));
        int half = inRegion.size() / 2;
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        (second ? inRegion.subList(half, inRegion.size()) : inRegion.subList(0, half)).forEach(value::add);
        if (!second) {
            body.put("nextLink", url() + r.path() + "?api-version=" + r.apiVersion() + "&$filter="
                    + java.net.URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20") + "&$skipToken=2");
        }
        send(ex, 200, body, Map.of());
    }

    private void usages(HttpExchange ex, Received r) throws IOException {
        if (!r.method().equals("GET")) {
            send(ex, 405, error("MethodNotAllowed", r.method()), Map.of());
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ArrayNode value = body.putArray("value");
        (usages.isEmpty() ? DEFAULT_USAGES : usages).forEach((name, v) -> {
            ObjectNode u = value.addObject();
            u.put("unit", "Count");
            u.put("currentValue", v[0]);
            u.put("limit", v[1]);
            u.putObject("name").put("value", name).put("localizedValue", USAGE_NAMES.getOrDefault(name, name + " vCPUs"));
        });
        send(ex, 200, body, Map.of());
    }

    // ---- contract checks of the Microsoft.ContainerService specification ----

    private String validateCluster(JsonNode body, String apiVersion, String name) {
        if (body == null) {
            return "request body is required";
        }
        if (!CLUSTER_NAME.matcher(name).matches()) {
            return "resourceName '" + name + "' is invalid";
        }
        if (text(body, "location") == null) {
            return "location is required";
        }
        if (!"SystemAssigned".equals(text(body.path("identity"), "type"))) {
            return "identity.type must be SystemAssigned for this test";
        }
        JsonNode props = body.get("properties");
        if (props == null) {
            return "properties are required";
        }
        if (text(props, "dnsPrefix") == null || !DNS_PREFIX.matcher(text(props, "dnsPrefix")).matches()) {
            return "properties.dnsPrefix '" + text(props, "dnsPrefix") + "' is invalid";
        }
        JsonNode pools = props.get("agentPoolProfiles");
        if (pools == null || !pools.isArray() || pools.isEmpty()) {
            return "properties.agentPoolProfiles must have at least one pool";
        }
        boolean system = false;
        for (JsonNode p : pools) {
            String n = text(p, "name");
            if (n == null || !POOL_NAME.matcher(n).matches()) {
                return "agentPoolProfiles name '" + n + "' does not match ^[a-z][a-z0-9]{0,11}$";
            }
            String invalid = validatePool(p, apiVersion, true);
            if (invalid != null) {
                return "agentPoolProfiles[" + n + "]: " + invalid;
            }
            system |= "System".equals(text(p, "mode"));
        }
        return system ? null : "a managed cluster needs at least one System mode agent pool";
    }

    private String validatePool(JsonNode p, String apiVersion, boolean inCluster) {
        if (text(p, "vmSize") == null) {
            return "vmSize is required";
        }
        String mode = text(p, "mode");
        if (mode != null && !Set.of("System", "User").contains(mode)) {
            return "mode '" + mode + "' is invalid";
        }
        JsonNode count = p.get("count");
        int min = "System".equals(mode) ? 1 : 0;
        if (count == null || !count.isInt() || count.asInt() < min || count.asInt() > 1000) {
            return "count must be an integer in " + min + "..1000";
        }
        if (p.has("nodeTaints")) {
            for (JsonNode t : p.get("nodeTaints")) {
                if (!TAINT.matcher(t.asText()).matches()) {
                    return "nodeTaints '" + t.asText() + "' is invalid";
                }
            }
        }
        if (p.has("gpuInstanceProfile") && !MIG.contains(p.get("gpuInstanceProfile").asText())) {
            return "gpuInstanceProfile '" + p.get("gpuInstanceProfile").asText() + "' is invalid";
        }
        if (p.has("osSKU") && !OS_SKUS.contains(p.get("osSKU").asText())) {
            return "osSKU '" + p.get("osSKU").asText() + "' is invalid";
        }
        if (p.path("enableAutoScaling").asBoolean(false)) {
            if (!p.has("minCount") || !p.has("maxCount") || p.get("minCount").asInt() > p.get("maxCount").asInt()
                    || count.asInt() < p.get("minCount").asInt() || count.asInt() > p.get("maxCount").asInt()) {
                return "with enableAutoScaling, minCount <= count <= maxCount is required";
            }
        }
        JsonNode gpu = p.get("gpuProfile");
        if (gpu != null) {
            String driver = text(gpu, "driver");
            if (driver != null && !Set.of("Install", "None").contains(driver)) {
                return "gpuProfile.driver '" + driver + "' is invalid";
            }
            JsonNode nvidia = gpu.get("nvidia");
            if (nvidia != null) {
                if (!ArmApi.CONTAINER_SERVICE_PREVIEW.equals(apiVersion)) {
                    return "gpuProfile.nvidia is not defined in api-version " + apiVersion;
                }
                String mm = text(nvidia, "managementMode");
                if (mm != null && !Set.of("Managed", "Unmanaged").contains(mm)) {
                    return "gpuProfile.nvidia.managementMode '" + mm + "' is invalid";
                }
            }
        }
        return null;
    }

    // ---- helpers ----

    private void send(HttpExchange ex, int status, JsonNode body, Map<String, String> headers) throws IOException {
        byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        ex.getResponseHeaders().set("x-ms-correlation-request-id", UUID.randomUUID().toString());
        headers.forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    static ObjectNode error(String code, String message) {
        ObjectNode e = JSON.createObjectNode();
        e.putObject("error").put("code", code).put("message", message);
        return e;
    }

    private static Matcher match(String regex, String path) {
        Matcher m = Pattern.compile(regex, Pattern.CASE_INSENSITIVE).matcher(path);
        return m.matches() ? m : null;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isBlank()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static String text(JsonNode node, String field) {
        JsonNode n = node == null ? null : node.get(field);
        return n == null || n.isNull() ? null : n.asText();
    }

    private static String key(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
