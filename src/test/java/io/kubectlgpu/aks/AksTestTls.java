package io.kubectlgpu.aks;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1, made once per test JVM with the JDK's keytool, and trusted by this JVM
 * only: javax.net.ssl.trustStore points at a copy of the JDK's CA certificates plus this one, so the Azure SDK's
 * default HTTP client (Netty, default trust managers) accepts the local fake endpoints and still every public CA.
 */
final class AksTestTls {
    private static final char[] PASSWORD = "kubectl-gpu-test".toCharArray();
    private static SSLContext server;

    private AksTestTls() {
    }

    static synchronized SSLContext serverContext() {
        if (server == null) {
            try {
                server = create();
            } catch (Exception e) {
                throw new IllegalStateException("cannot create the test TLS certificate", e);
            }
        }
        return server;
    }

    private static SSLContext create() throws Exception {
        Path dir = io.kubectlgpu.testing.TempFiles.directory("kubectl-gpu-aks-tls");
        Path serverStore = dir.resolve("server.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Process p = new ProcessBuilder(List.of(keytool, "-genkeypair", "-alias", "arm", "-keyalg", "RSA", "-keysize", "2048",
                "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2",
                "-keystore", serverStore.toString(), "-storetype", "PKCS12", "-storepass", new String(PASSWORD),
                "-keypass", new String(PASSWORD)))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool failed: " + out);
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            keys.load(in, PASSWORD);
        }
        Certificate cert = keys.getCertificate("arm");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        if (Files.exists(cacerts)) {
            KeyStore jdk = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(cacerts)) {
                jdk.load(in, null);
            }
            for (String alias : java.util.Collections.list(jdk.aliases())) {
                if (jdk.isCertificateEntry(alias)) {
                    trust.setCertificateEntry(alias, jdk.getCertificate(alias));
                }
            }
        }
        trust.setCertificateEntry("kubectl-gpu-test-arm", cert);
        Path trustStore = dir.resolve("trust.p12");
        try (OutputStream o = Files.newOutputStream(trustStore)) {
            trust.store(o, PASSWORD);
        }
        System.setProperty("javax.net.ssl.trustStore", trustStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", new String(PASSWORD));
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");

        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
