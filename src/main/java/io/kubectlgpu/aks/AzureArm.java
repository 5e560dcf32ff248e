package io.kubectlgpu.aks;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.AddHeadersFromContextPolicy;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.http.rest.Response;
import com.azure.core.http.rest.SimpleResponse;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.polling.PollResult;
import com.azure.core.management.polling.PollerFactory;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.management.serializer.SerializerFactory;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.Context;
import com.azure.core.util.FluxUtil;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.core.util.serializer.SerializerAdapter;
import com.azure.core.util.serializer.SerializerEncoding;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.fluent.ComputeManagementClient;
import com.azure.resourcemanager.compute.implementation.ComputeManagementClientBuilder;
import com.azure.resourcemanager.containerservice.ContainerServiceManager;
import com.azure.resourcemanager.containerservice.fluent.ContainerServiceManagementClient;
import com.azure.resourcemanager.resources.ResourceManager;
import com.azure.resourcemanager.resources.fluent.FeatureClient;
import com.azure.resourcemanager.resources.fluent.ResourceManagementClient;
import io.kubectlgpu.core.Durations;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Type;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The one Azure Resource Manager connection of an aks command: DefaultAzureCredential and one HTTP pipeline (the Azure
 * SDK's bearer-token, retry (429/5xx, honouring Retry-After), request-id and context-header policies over the JDK's HTTP
 * client) shared by the management libraries' service clients: Microsoft.ContainerService (clusters, agent pools,
 * credentials), Microsoft.Resources (groups, providers, features, generic resources) and Microsoft.Compute (resource
 * SKUs, usages). Created only when a command really talks to Azure; nothing of the Azure SDK is loaded before.
 *
 * <p>Native image: the Azure SDK ships its own reachability metadata; no class here needs run-time initialisation of
 * its own (the pipeline, credential and clients are built per invocation, never in static initialisers).
 */
public final class AzureArm {
    private static final Duration MIN_POLL = Duration.ofMillis(200);
    private static final Duration HEARTBEAT = Duration.ofSeconds(60);

    private final AzureSettings settings;
    private final Console console;
    private final HttpPipeline pipeline;
    private final AzureProfile profile;
    private ContainerServiceManagementClient containerService;
    private ResourceManager resourceManager;
    private ComputeManagementClient compute;

    private AzureArm(AzureSettings settings, Console console, HttpPipeline pipeline, AzureProfile profile) {
        this.settings = settings;
        this.console = console;
        this.pipeline = pipeline;
        this.profile = profile;
    }

    public static AzureArm connect(AzureSettings settings, Console console, String userAgent) {
        QuietSdkLogs.apply();
        // JdkHttpClientBuilder reads $java.home/conf/net.properties in its static initialiser; a native executable has
        // no java.home, and Paths.get(null, ...) failed there with a NullPointerException (AksPackagedIT on the native
        // executable). A home without that file is what the builder already handles: no extra allowed headers.
        if (System.getProperty("java.home") == null) {
            System.setProperty("java.home", "/nonexistent/kubectl-gpu/java-home");
        }
        Configuration configuration = configuration();
        // the JDK's client, built with this run's settings (HTTPS_PROXY, NO_PROXY, ...): not the global configuration,
        // which a native image would have read when it was built
        HttpClient http = new JdkHttpClientBuilder().configuration(configuration).build();
        AzureEnvironment cloud = knownCloud(settings.armEndpoint());
        TokenCredential credential = credential(settings, cloud, http, configuration);
        // the Resource Manager audience: a known cloud's management endpoint (as the Azure SDK asks for it), else
        // the endpoint itself
        String scope = cloud != null ? cloud.getManagementEndpoint() + "/.default" : settings.scope();
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .httpClient(http)
                .policies(new UserAgentPolicy(userAgent),
                        new RequestIdPolicy(),
                        // --custom-header and If-None-Match travel in the call's Context (AZURE_REQUEST_HTTP_HEADERS_KEY)
                        new AddHeadersFromContextPolicy(),
                        // before the retries: a credential that cannot get a token fails at once (it retries what is
                        // worth retrying itself); the token is cached for the whole command
                        new BearerTokenAuthenticationPolicy(credential, scope),
                        new RetryPolicy(new ArmRetries()),
                        new ConsolePolicy(console))
                .build();
        AzureEnvironment environment = cloud != null ? cloud
                : new AzureEnvironment(Map.of("resourceManagerEndpointUrl", settings.armEndpoint() + "/",
                        "managementEndpointUrl", settings.armEndpoint() + "/",
                        "activeDirectoryEndpointUrl", settings.authorityHost() == null
                                ? AzureEnvironment.AZURE.getActiveDirectoryEndpoint() : settings.authorityHost()));
        return new AzureArm(settings, console, pipeline, new AzureProfile(null, settings.subscription(), environment));
    }

    /**
     * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, Azure PowerShell, Azure
     * Developer CLI, ...), reading AZURE_* settings afresh from system properties and the environment.
     */
    static TokenCredential credential(AzureSettings settings, AzureEnvironment cloud, HttpClient http,
            Configuration configuration) {
        DefaultAzureCredentialBuilder builder = new DefaultAzureCredentialBuilder()
                .configuration(configuration)
                .httpClient(http);
        if (settings.authorityHost() != null) {
            builder.authorityHost(settings.authorityHost());
        } else if (cloud != null) {
            builder.authorityHost(cloud.getActiveDirectoryEndpoint()); // e.g. Azure China's or US Government's
        }
        boolean knownAuthority = settings.authorityHost() == null || AzureEnvironment.knownEnvironments().stream()
                .anyMatch(e -> trim(e.getActiveDirectoryEndpoint()).equalsIgnoreCase(trim(settings.authorityHost())));
        if ((settings.customCloud() && cloud == null) || !knownAuthority) {
            builder.disableInstanceDiscovery(); // private clouds and local endpoints are not in Entra ID's instance list
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw GpuException.usage("the Azure credential settings are invalid: " + Text.firstLine(e.getMessage()),
                    "check the AZURE_* environment variables");
        }
    }

    /** The public or a sovereign Azure cloud whose Resource Manager endpoint this is, or null. */
    static AzureEnvironment knownCloud(String armEndpoint) {
        return AzureEnvironment.knownEnvironments().stream()
                .filter(e -> trim(e.getResourceManagerEndpoint()).equalsIgnoreCase(trim(armEndpoint)))
                .findFirst().orElse(null);
    }

    private static String trim(String url) {
        String u = url == null ? "" : url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    /**
     * This run's AZURE_* and proxy settings. azure-core's own native-image.properties initialises its global
     * Configuration (EnvironmentConfiguration) at image build time, so the credential and the HTTP client are given
     * this one, read when the command runs.
     */
    static Configuration configuration() {
        Map<String, String> environment = effectiveEnvironment();
        return new ConfigurationBuilder(path -> Map.of(), path -> environment, path -> environment).build();
    }

    /**
     * Environment variables overlaid with system properties of the same name, read afresh for every command (the
     * Azure SDK's own global configuration caches what it read first). A blank value counts as unset, and a blank
     * system property unsets the environment variable.
     */
    static Map<String, String> effectiveEnvironment() {
        Map<String, String> merged = new HashMap<>();
        System.getenv().forEach((k, v) -> merged.put(k, v == null || v.isBlank() ? null : v));
        System.getProperties().forEach((k, v) -> {
            String value = String.valueOf(v);
            merged.put(String.valueOf(k), value.isBlank() ? null : value); // null: known to be unset, not looked up again
        });
        return merged;
    }

    public AzureSettings settings() {
        return settings;
    }

    public Console console() {
        return console;
    }

    /** Microsoft.ContainerService: managed clusters, agent pools, credentials. */
    public ContainerServiceManagementClient containerService() {
        if (containerService == null) {
            containerService = ContainerServiceManager.authenticate(pipeline, profile).serviceClient();
        }
        return containerService;
    }

    /** Microsoft.Resources: resource groups, providers, generic resources. */
    public ResourceManagementClient resources() {
        return resourceManager().serviceClient();
    }

    /** Microsoft.Features: preview features. */
    public FeatureClient features() {
        return resourceManager().featureClient();
    }

    private ResourceManager resourceManager() {
        if (resourceManager == null) {
            resourceManager = ResourceManager.authenticate(pipeline, profile).withSubscription(settings.subscription());
        }
        return resourceManager;
    }

    /**
     * Microsoft.Compute's service client alone: resource SKUs and usages. Not ComputeManager, which would also build
     * the storage, network, identity and authorization managers (and their libraries, left out of the build).
     */
    public ComputeManagementClient compute() {
        if (compute == null) {
            compute = new ComputeManagementClientBuilder()
                    .pipeline(pipeline)
                    .environment(profile.getEnvironment())
                    .endpoint(profile.getEnvironment().getResourceManagerEndpoint())
                    .subscriptionId(settings.subscription())
                    .defaultPollInterval(settings.pollInterval())
                    .buildClient();
        }
        return compute;
    }

    /**
     * The call with extra request headers (custom headers, If-None-Match), as the SDK carries them: in the call's
     * context under AddHeadersFromContextPolicy's key (the async service methods read the Reactor context).
     */
    public static <T> Mono<T> withHeaders(Mono<T> call, Map<String, String> headers) {
        if (headers.isEmpty()) {
            return call;
        }
        HttpHeaders h = new HttpHeaders();
        headers.forEach((k, v) -> h.set(HttpHeaderName.fromString(k), v));
        return call.contextWrite(c -> c.put(AddHeadersFromContextPolicy.AZURE_REQUEST_HTTP_HEADERS_KEY, h));
    }

    /**
     * Runs a call of a service client, turning what it throws into the CLI's one-line errors.
     *
     * @param action  the Azure RBAC action the request needs, for 403 messages
     * @param scope   the resource ID the action is checked on, for 403 messages
     * @param context size and region for quota and capacity messages, or null
     */
    public <T> T call(Supplier<T> call, String action, String scope, String context) {
        try {
            return call.get();
        } catch (GpuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw AzureErrors.from(e, action, scope, context, settings);
        }
    }

    /** The answer of a call, or null when ARM answered 404. */
    public <T> T getOrNull(Supplier<T> call, String action, String scope) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                return null;
            }
            throw AzureErrors.from(e, action, scope, null, settings);
        }
    }

    /**
     * A PUT that ARM runs as a long-running operation: sends it through the service client, then (unless not waiting)
     * follows it with the SDK's ARM poller (Azure-AsyncOperation, Location or provisioningState, as ARM answered),
     * one poll at a time so that progress goes to stderr, as often as Retry-After asks.
     *
     * @param what e.g. "managed cluster gpu-aks", for progress and errors
     * @return the resource: as the PUT answered it when not waiting, else as the final GET reads it
     */
    public <T> T createOrUpdate(Supplier<Mono<Response<Flux<ByteBuffer>>>> put, Type type, String what, String action,
            String scope, String context, boolean wait, Duration timeout) {
        SerializerAdapter serializer = SerializerFactory.createDefaultManagementSerializerAdapter();
        Response<Flux<ByteBuffer>> accepted = call(() -> put.get().block(), action, scope, context);
        byte[] body = call(() -> FluxUtil.collectBytesInByteBufferStream(accepted.getValue()).block(), action, scope, context);
        String state = Json.text(Json.parse(body == null ? null : new String(body, java.nio.charset.StandardCharsets.UTF_8)),
                "properties", "provisioningState");
        state = state == null ? "Accepted" : state;
        if (!wait) {
            console.info(what + ": " + state + "; not waiting (--no-wait): provisioning continues in Azure");
            return deserialize(serializer, body, type);
        }
        console.info(what + ": " + state);
        Instant start = Instant.now();
        Response<Flux<ByteBuffer>> replay = new SimpleResponse<>(accepted.getRequest(), accepted.getStatusCode(),
                accepted.getHeaders(), Flux.just(ByteBuffer.wrap(body == null ? new byte[0] : body)));
        SyncPoller<PollResult<T>, T> poller = PollerFactory.<T, T>create(serializer, pipeline, type, type,
                settings.pollInterval(), Mono.just(replay), Context.NONE).getSyncPoller();
        String shown = state;
        Instant lastShown = Instant.now();
        PollResponse<PollResult<T>> last = null;
        while (last == null || !last.getStatus().isComplete()) {
            if (Duration.between(start, Instant.now()).compareTo(timeout) > 0) {
                throw GpuException.conditionFailed(what + " is still " + shown + " after " + Durations.human(timeout),
                        "the operation continues in Azure; check it later in the portal or with 'az aks show'");
            }
            if (last != null) {
                sleep(delay(last.getRetryAfter()), what);
            }
            last = call(poller::poll, readAction(action), scope, context);
            String now = last.getStatus() == LongRunningOperationStatus.IN_PROGRESS ? state : last.getStatus().toString();
            if (!now.equals(shown) || Duration.between(lastShown, Instant.now()).compareTo(HEARTBEAT) >= 0) {
                if (!last.getStatus().isComplete()) {
                    console.info(what + ": " + now + " (" + Durations.human(Duration.between(start, Instant.now())) + ")");
                }
                shown = now;
                lastShown = Instant.now();
            }
        }
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
            throw AzureErrors.operationFailed(error, what, last.getStatus().toString(), context);
        }
        T resource = call(poller::getFinalResult, readAction(action), scope, context);
        console.info(what + ": Succeeded (" + Durations.human(Duration.between(start, Instant.now())) + ")");
        return resource;
    }

    @SuppressWarnings("unchecked")
    private static <T> T deserialize(SerializerAdapter serializer, byte[] body, Type type) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            return (T) serializer.deserialize(body, type, SerializerEncoding.JSON);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Duration delay(Duration retryAfter) {
        Duration d = retryAfter != null ? retryAfter : settings.pollInterval();
        return d.compareTo(MIN_POLL) < 0 ? MIN_POLL : d;
    }

    public static void sleep(Duration d, String what) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GpuException(ExitCode.INTERRUPTED, "interrupted while waiting for " + what,
                    "the operation continues in Azure");
        }
    }

    private static String readAction(String writeAction) {
        return writeAction.endsWith("/write") ? writeAction.substring(0, writeAction.length() - 6) + "/read" : writeAction;
    }

    /**
     * The Azure SDK and MSAL log what they throw (at WARN and ERROR); the CLI reports it once, in its own words,
     * with the SDK's exception and stack trace under -v. The loggers are kept referenced so the levels stay set.
     */
    private static final class QuietSdkLogs {
        private static final List<java.util.logging.Logger> LOGGERS = List.of(
                java.util.logging.Logger.getLogger("com.azure"),
                java.util.logging.Logger.getLogger("com.microsoft.aad.msal4j"));

        static void apply() {
            LOGGERS.forEach(l -> l.setLevel(java.util.logging.Level.OFF));
        }
    }

    /**
     * The SDK's exponential backoff for 408, 429 and 5xx answers, where Retry-After (also retry-after-ms and
     * x-ms-retry-after-ms) takes precedence over the computed delay; but a refused connection, an unknown host or a
     * failed TLS handshake is reported at once instead of after a minute of retries.
     */
    static final class ArmRetries implements RetryStrategy {
        private final ExponentialBackoff backoff = new ExponentialBackoff(4, Duration.ofSeconds(1), Duration.ofSeconds(60));

        @Override
        public int getMaxRetries() {
            return backoff.getMaxRetries();
        }

        @Override
        public Duration calculateRetryDelay(int retryAttempts) {
            return backoff.calculateRetryDelay(retryAttempts);
        }

        @Override
        public boolean shouldRetryException(Throwable throwable) {
            for (Throwable c = throwable; c != null; c = c.getCause() == c ? null : c.getCause()) {
                if (c instanceof java.net.ConnectException || c instanceof java.net.UnknownHostException
                        || c instanceof javax.net.ssl.SSLException) {
                    return false;
                }
            }
            return backoff.shouldRetryException(throwable);
        }
    }

    /** Per attempt, after the retry policy: -v shows every request and status; throttling is always reported. */
    private static final class ConsolePolicy extends HttpPipelineSyncPolicy {
        private final Console console;

        ConsolePolicy(Console console) {
            this.console = console;
        }

        @Override
        protected void beforeSendingRequest(HttpPipelineCallContext context) {
            console.debug("> " + context.getHttpRequest().getHttpMethod() + " " + context.getHttpRequest().getUrl());
        }

        @Override
        protected HttpResponse afterReceivedResponse(HttpPipelineCallContext context, HttpResponse response) {
            console.debug("< " + response.getStatusCode() + " " + context.getHttpRequest().getHttpMethod() + " "
                    + context.getHttpRequest().getUrl());
            if (response.getStatusCode() == 429) {
                String after = response.getHeaderValue(HttpHeaderName.RETRY_AFTER);
                console.info("Azure is throttling requests (429)"
                        + (after == null ? "" : "; retrying after " + after + "s as asked (Retry-After)"));
            }
            return response;
        }
    }
}
