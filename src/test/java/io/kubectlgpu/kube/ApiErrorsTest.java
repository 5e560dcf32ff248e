package io.kubectlgpu.kube;

import static org.hamcrest.MatcherAssert.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.lessThanOrEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.kubectlgpu.core.ExitCode;
import io.kubectlgpu.core.GpuException;
import org.junit.jupiter.api.Test;

/** What the API server refuses is the user's input or the cluster's state: never exit 4, always a field and a hint. */
class ApiErrorsTest {
    private static GpuException translate(Status status) {
        return ApiErrors.translate(new KubernetesClientException(status), "https://127.0.0.1:6443", "ctx");
    }

    @Test
    void invalidLabelIsAUsageErrorNamingTheFieldAndTheFlag() {
        String value = "v".repeat(300);
        GpuException e = translate(new StatusBuilder().withCode(422).withReason("Invalid")
                .withMessage("Job.batch \"x\" is invalid: metadata.labels: Invalid value: \"" + value + "\": must be no more than 63 characters")
                .withNewDetails().withKind("jobs").withName("x").addNewCause().withField("metadata.labels")
                .withMessage("Invalid value: \"" + value + "\": must be no more than 63 characters").endCause().endDetails().build());
        assertNotNull(e);
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThat(e.getMessage(), containsString("the API server rejected job \"x\": metadata.labels: Invalid value"));
        assertThat(e.getMessage().length(), lessThanOrEqualTo(250));
        assertThat(e.hint(), containsString("--label"));
    }

    @Test
    void missingNamespaceIsAUsageErrorWithHowToCreateIt() {
        GpuException e = translate(new StatusBuilder().withCode(404).withReason("NotFound").withMessage("namespaces \"nosuchns\" not found")
                .withNewDetails().withKind("namespaces").withName("nosuchns").endDetails().build());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertEquals("namespace \"nosuchns\" does not exist", e.getMessage());
        assertThat(e.hint(), containsString("kubectl create namespace nosuchns"));
    }

    @Test
    void conflictIsAConditionWithAHint() {
        GpuException e = translate(new StatusBuilder().withCode(409).withReason("AlreadyExists").withMessage("jobs.batch \"a\" already exists")
                .withNewDetails().withKind("jobs").withName("a").withGroup("batch").endDetails().build());
        assertEquals(ExitCode.CONDITION_FAILED, e.exitCode());
        assertEquals("job \"a\" already exists", e.getMessage());
        assertNotNull(e.hint());
    }

    @Test
    void badRequestWithoutDetailsIsStillAUsageErrorWithAHint() {
        GpuException e = translate(new StatusBuilder().withCode(400).withReason("BadRequest").withMessage("x".repeat(500)).build());
        assertEquals(ExitCode.USAGE, e.exitCode());
        assertThat(e.getMessage().length(), lessThanOrEqualTo(250));
        assertNotNull(e.hint());
    }

    @Test
    void overloadAndServerErrorsAreExit3() {
        for (int code : new int[] {429, 500, 503}) {
            GpuException e = translate(new StatusBuilder().withCode(code).withMessage("busy").build());
            assertEquals(ExitCode.UNREACHABLE_OR_FORBIDDEN, e.exitCode(), "code " + code);
            assertThat(e.getMessage(), containsString("answered " + code));
            assertNotNull(e.hint());
        }
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsTheNetworkNotABug() {
        // what FaultsIT's proxy gives when it cuts a list off before the answer: the JDK client's IOException, no status
        GpuException e = ApiErrors.translate(new KubernetesClientException("Operation: [list] for kind: [Node] failed.",
                new java.io.IOException("HTTP/1.1 header parser received no bytes")), "https://127.0.0.1:6443", null);
        assertNotNull(e);
        assertEquals(ExitCode.UNREACHABLE_OR_FORBIDDEN, e.exitCode());
        assertEquals("cannot reach the API server at https://127.0.0.1:6443: HTTP/1.1 header parser received no bytes",
                e.getMessage());
        // cut off in the middle of a body
        GpuException eof = ApiErrors.translate(new KubernetesClientException("Operation: [list] for kind: [Node] failed.",
                new java.io.EOFException("EOF reached while reading")), "https://127.0.0.1:6443", null);
        assertNotNull(eof);
        assertEquals(ExitCode.UNREACHABLE_OR_FORBIDDEN, eof.exitCode());
    }

    @Test
    void anAnswerThatCannotBeReadIsNoNetworkFailure() {
        // Jackson's exceptions are IOExceptions: the native executable once said "cannot reach the API server" about a
        // /version answer it could not deserialize (VersionInfo was not registered for reflection)
        GpuException e = ApiErrors.translate(new KubernetesClientException("An error has occurred.",
                com.fasterxml.jackson.databind.exc.InvalidDefinitionException.from((com.fasterxml.jackson.core.JsonParser) null,
                        "Cannot construct instance of `io.fabric8.kubernetes.client.VersionInfo`", (com.fasterxml.jackson.databind.JavaType) null)),
                "https://127.0.0.1:6443", null);
        assertNull(e);
    }

    @Test
    void anUntrustedServerCertificateIsSaidInWordsWithoutClassNames() {
        // what the JDK's HTTP client throws for a server certificate that the kubeconfig's CA did not sign
        var handshake = new javax.net.ssl.SSLHandshakeException("(certificate_unknown) PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: unable to find valid certification path to requested target");
        handshake.initCause(new java.security.cert.CertificateException(
                new java.security.cert.CertPathBuilderException("unable to find valid certification path to requested target")));
        GpuException e = ApiErrors.translate(new KubernetesClientException("An error has occurred.",
                new java.io.IOException(handshake.getMessage(), handshake)), "https://127.0.0.1:6443/", "ctx");
        assertEquals(ExitCode.UNREACHABLE_OR_FORBIDDEN, e.exitCode());
        assertEquals("cannot reach the API server at https://127.0.0.1:6443/ (context ctx): TLS failed: the server's certificate"
                + " is not signed by a certificate authority the kubeconfig trusts", e.getMessage());
    }

    @Test
    void otherTlsFailuresKeepTheirMessageWithoutClassNames() {
        var handshake = new javax.net.ssl.SSLHandshakeException(
                "Received fatal alert: handshake_failure: javax.net.ssl.SSLHandshakeException: no cipher suites in common");
        assertEquals("Received fatal alert: handshake_failure: no cipher suites in common", ApiErrors.tlsReason(handshake));
    }
}
