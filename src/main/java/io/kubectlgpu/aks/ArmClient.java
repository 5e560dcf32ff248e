package io.kubectlgpu.aks;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpHeader;
import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpPipelineBuilder;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.BearerTokenAuthenticationPolicy;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.http.policy.RequestIdPolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.http.policy.RetryStrategy;
import com.azure.core.http.policy.UserAgentPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.util.Configuration;
import com.azure.core.util.ConfigurationBuilder;
import com.azure.core.util.Context;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import io.kubectlgpu.core.GpuException;
import io.kubectlgpu.output.Console;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one Azure Resource Manager connection of an aks command: DefaultAzureCredential, the Azure SDK's bearer-token,
 * retry (429/5xx, honouring Retry-After) and request-id policies over its default HTTP client, and explicit REST
 * calls, so that headers, api-versions and dry runs stay in kubectl-gpu's hands. Created only when a command
 * really talks to Azure; nothing of the Azure SDK is loaded before.
 */
public final class ArmClient {
    private final AzureSettings settings;
    private final Console console;
    private final HttpPipeline pipeline;

    private ArmClient(AzureSettings settings, Console console, HttpPipeline pipeline) {
        this.settings = settings;
        this.console = console;
        this.pipeline = pipeline;
    }

    public static ArmClient connect(AzureSettings settings, Console console, String userAgent) {
        QuietSdkLogs.apply();
        javaTlsAndTransport();
        HttpClient http = HttpClient.createDefault();
        AzureEnvironment cloud = knownCloud(settings.armEndpoint());
        TokenCredential credential = credential(settings, cloud, http);
        // the Resource Manager audience: a known cloud's management endpoint (as the Azure SDK asks for it), else
        // the endpoint itself
        String scope = cloud != null ? cloud.getManagementEndpoint() + "/.default" : settings.scope();
        HttpPipeline pipeline = new HttpPipelineBuilder()
                .httpClient(http)
                .policies(new UserAgentPolicy(userAgent),
                        new RequestIdPolicy(),
                        // before the retries: a credential that cannot get a token fails at once (it retries what is
                        // worth retrying itself); the token is cached for the whole command
                        new BearerTokenAuthenticationPolicy(credential, scope),
                        new RetryPolicy(new ArmRetries()),
                        new ConsolePolicy(console))
                .build();
        return new ArmClient(settings, console, pipeline);
    }

    /**
     * DefaultAzureCredential (environment, workload identity, managed identity, Azure CLI, Azure PowerShell, Azure
     * Developer CLI, ...), reading AZURE_* settings afresh from system properties and the environment.
     */
    static TokenCredential credential(AzureSettings settings, AzureEnvironment cloud, HttpClient http) {
        Map<String, String> environment = effectiveEnvironment();
        Configuration configuration = new ConfigurationBuilder(path -> Map.of(), path -> environment, path -> environment).build();
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
            throw GpuException.usage("the Azure credential settings are invalid: " + ArmErrors.firstLine(e.getMessage()),
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

    /** Sends the request; any HTTP status comes back, failures to send (network, credential) are thrown. */
    public ArmResponse send(ArmRequest request) {
        HttpRequest http = new HttpRequest(HttpMethod.valueOf(request.method()), request.url());
        request.headers().forEach((k, v) -> http.setHeader(HttpHeaderName.fromString(k), v));
        if (request.body() != null) {
            http.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
            http.setBody(Json.compact(request.body()).getBytes(StandardCharsets.UTF_8));
        } else if (!request.method().equals("GET")) {
            http.setHeader(HttpHeaderName.CONTENT_LENGTH, "0");
        }
        try (HttpResponse response = pipeline.sendSync(http, Context.NONE)) {
            Map<String, String> headers = new HashMap<>();
            for (HttpHeader h : response.getHeaders()) {
                headers.put(h.getName().toLowerCase(Locale.ROOT), h.getValue());
            }
            String text = response.getBodyAsBinaryData() == null ? null : response.getBodyAsBinaryData().toString();
            return new ArmResponse(response.getStatusCode(), headers, Json.parse(text));
        } catch (GpuException e) {
            throw e;
        } catch (RuntimeException e) {
            throw ArmErrors.transport(e, settings);
        }
    }

    /** Sends the request and fails with the CLI's error for any status other than 2xx. */
    public ArmResponse call(ArmRequest request, String context) {
        ArmResponse response = send(request);
        if (!response.ok()) {
            throw ArmErrors.fromResponse(request, response, context);
        }
        return response;
    }

    /** A GET of a list, following nextLink: all items of all pages. */
    public List<JsonNode> list(ArmRequest first, String context) {
        List<JsonNode> items = new ArrayList<>();
        ArmRequest request = first;
        for (int page = 0; page < 1000 && request != null; page++) {
            JsonNode body = call(request, context).body();
            if (body != null && body.get("value") != null) {
                body.get("value").forEach(items::add);
            }
            String next = body == null ? null : Json.text(body, "nextLink");
            request = next == null || next.isBlank() ? null : ArmRequest.get(next, first.action(), first.scope());
        }
        return items;
    }

    /**
     * The Azure SDK's HTTP client (Netty) would load native libraries (BoringSSL, epoll), which Java 24+ reports on
     * stderr as restricted native access; a CLI gains nothing from them, so the JDK's TLS and NIO are used. A value
     * set by the user wins.
     */
    private static void javaTlsAndTransport() {
        for (String p : List.of("io.netty.handler.ssl.noOpenSsl", "io.netty.transport.noNative")) {
            if (System.getProperty(p) == null) {
                System.setProperty(p, "true");
            }
        }
        if (System.getProperty("reactor.netty.native") == null) {
            System.setProperty("reactor.netty.native", "false");
        }
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
