package io.kubectlgpu.aks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Which failures the ARM pipeline retries: a server that answers badly, yes; an endpoint that cannot be reached, no. */
class ArmRetriesTest {
    private final AzureArm.ArmRetries retries = new AzureArm.ArmRetries();

    @Test
    void unreachableEndpointsAreReportedAtOnce() {
        assertFalse(retries.shouldRetryException(new ConnectException("Connection refused")));
        assertFalse(retries.shouldRetryException(new UncheckedIOException(new ConnectException("Connection refused"))),
                "also when the HTTP client wraps it");
        assertFalse(retries.shouldRetryException(new UnknownHostException("management.example")));
        assertFalse(retries.shouldRetryException(new SSLHandshakeException("PKIX path building failed")));
    }

    @Test
    void aDroppedConnectionIsRetried() {
        assertTrue(retries.shouldRetryException(new IOException("Connection reset")));
        assertTrue(retries.getMaxRetries() > 0);
    }
}
