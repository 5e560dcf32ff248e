package io.kubectlgpu.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A fault-injecting HTTP proxy in front of the API server, on 127.0.0.1 (a free port), for the fault suite.
 * Clients speak plain HTTP/1.1 to it (a kubeconfig with a bearer token and {@code server: http://127.0.0.1:PORT});
 * it forwards each request over TLS to the API server, one request per connection ({@code Connection: close}),
 * unless a rule matches: answer with a status (429, 503, 410 ...), close the connection at once, close it
 * after some bytes or milliseconds of the answer (a connection dropped mid-list or mid-watch), or hold the request
 * until the test releases it, or answer a watch with one ERROR event as the API server does when a watch cannot
 * start (410 Gone: "other errors must fail with a watch event of type ERROR, rather than a directly returned
 * error", apiserver's cacher). Websocket handshakes are forwarded with their Upgrade, and the websocket then
 * lives on that connection. Stopped by {@link #close()}; every connection it opened is closed then.
 */
final class FaultProxy implements AutoCloseable {
    enum Kind { RESPOND, WATCH_ERROR, CLOSE, DROP_AFTER_BYTES, DROP_AFTER_MILLIS, HOLD }

    /** A fault for requests whose "METHOD PATH?QUERY" matches, applied {@code times} times. */
    static final class Rule {
        final Pattern request;
        final Kind kind;
        final int status;
        final String headers;
        final String body;
        final long amount;
        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch released = new CountDownLatch(1);
        int times;
        int applied;
        volatile boolean dropped;

        Rule(String requestRegex, Kind kind, int times, int status, String headers, String body, long amount) {
            this.request = Pattern.compile(requestRegex);
            this.kind = kind;
            this.times = times;
            this.status = status;
            this.headers = headers;
            this.body = body;
            this.amount = amount;
        }

        /** For HOLD: waits until a matching request is held. */
        boolean awaitArrival(long seconds) throws InterruptedException {
            return arrived.await(seconds, TimeUnit.SECONDS);
        }

        /** For HOLD: lets the held request go on (to the API server, whatever state it is in now). */
        void release() {
            released.countDown();
        }

        /** For HOLD: closes the held connection without forwarding it (the request never reaches the API server). */
        void drop() {
            dropped = true;
            released.countDown();
        }

        synchronized int applied() {
            return applied;
        }
    }

    private final URI upstream;
    private final ServerSocket server;
    private final SSLContext tls;
    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private FaultProxy(URI upstream) throws Exception {
        this.upstream = upstream;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.tls = SSLContext.getInstance("TLS");
        // the proxy checks nothing: it only forwards to the test's own API server on 127.0.0.1
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, new SecureRandom());
        this.acceptor = Thread.ofPlatform().daemon().name("fault-proxy-accept").start(this::acceptLoop);
    }

    static FaultProxy start(String apiServer) throws Exception {
        URI uri = URI.create(apiServer);
        if (!"127.0.0.1".equals(uri.getHost()) && !"localhost".equals(uri.getHost())) {
            throw new IllegalArgumentException("the fault proxy only forwards to 127.0.0.1, not " + apiServer);
        }
        return new FaultProxy(uri);
    }

    String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    Rule respond(String requestRegex, int times, int status, String headers, String body) {
        return add(new Rule(requestRegex, Kind.RESPOND, times, status, headers, body, 0));
    }

    /** Answers a matching watch (websocket or HTTP) with one ERROR event carrying {@code status}, then ends it. */
    Rule watchError(String requestRegex, int times, String status) {
        return add(new Rule(requestRegex, Kind.WATCH_ERROR, times, 0, "", status, 0));
    }

    Rule closeAtOnce(String requestRegex, int times) {
        return add(new Rule(requestRegex, Kind.CLOSE, times, 0, "", "", 0));
    }

    Rule dropAfterBytes(String requestRegex, int times, long bodyBytes) {
        return add(new Rule(requestRegex, Kind.DROP_AFTER_BYTES, times, 0, "", "", bodyBytes));
    }

    Rule dropAfterMillis(String requestRegex, int times, long millis) {
        return add(new Rule(requestRegex, Kind.DROP_AFTER_MILLIS, times, 0, "", "", millis));
    }

    Rule hold(String requestRegex) {
        return add(new Rule(requestRegex, Kind.HOLD, 1, 0, "", "", 0));
    }

    void clearRules() {
        rules.forEach(Rule::release);
        rules.clear();
    }

    /** "METHOD PATH -> what happened", one entry per request. */
    List<String> log() {
        return List.copyOf(log);
    }

    private Rule add(Rule rule) {
        rules.add(rule);
        return rule;
    }

    private Rule match(String requestLine) {
        for (Rule r : rules) {
            synchronized (r) {
                if (r.times > 0 && r.request.matcher(requestLine).find()) {
                    r.times--;
                    r.applied++;
                    return r;
                }
            }
        }
        return null;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                sockets.add(client);
                Thread.ofPlatform().daemon().name("fault-proxy-conn").start(() -> serve(client));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] head = readHead(in);
            if (head == null) {
                return;
            }
            String headText = new String(head, StandardCharsets.ISO_8859_1);
            String[] lines = headText.split("\r\n");
            String[] first = lines[0].split(" ");
            String requestLine = first[0] + " " + first[1];
            Rule rule = match(requestLine);
            if (rule != null && rule.kind == Kind.RESPOND) {
                log.add(requestLine + " -> " + rule.status + " (injected)");
                byte[] body = rule.body.getBytes(StandardCharsets.UTF_8);
                String answer = "HTTP/1.1 " + rule.status + " " + reason(rule.status) + "\r\n" + rule.headers
                        + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
                OutputStream out = client.getOutputStream();
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
                return;
            }
            if (rule != null && rule.kind == Kind.WATCH_ERROR) {
                log.add(requestLine + " -> watch ERROR event (injected)");
                byte[] event = ("{\"type\":\"ERROR\",\"object\":" + rule.body + "}").getBytes(StandardCharsets.UTF_8);
                OutputStream out = client.getOutputStream();
                if (isUpgrade(lines)) {
                    out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                            + "Sec-WebSocket-Accept: " + websocketAccept(lines) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    out.write(websocketFrame(0x1, event)); // text, as the API server frames JSON watch events
                    out.write(websocketFrame(0x8, new byte[] {0x03, (byte) 0xe8})); // close, 1000: the server ends the watch
                } else {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                            + "Connection: close\r\n\r\n" + Integer.toHexString(event.length + 1) + "\r\n")
                            .getBytes(StandardCharsets.ISO_8859_1));
                    out.write(event);
                    out.write("\n\r\n0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                }
                out.flush();
                return;
            }
            if (rule != null && rule.kind == Kind.CLOSE) {
                log.add(requestLine + " -> connection closed (injected)");
                return;
            }
            if (rule != null && rule.kind == Kind.HOLD) {
                log.add(requestLine + " -> held");
                rule.arrived.countDown();
                rule.released.await(5, TimeUnit.MINUTES); // bounded: the test releases it or closes the proxy
                if (rule.dropped) {
                    log.add(requestLine + " -> dropped after holding");
                    return;
                }
            }
            forward(client, in, lines, requestLine, rule);
        } catch (IOException | InterruptedException e) {
            // the client or the API server went away: the connection ends, as a real one would
        }
    }

    private void forward(Socket client, InputStream in, String[] lines, String requestLine, Rule rule) throws IOException {
        StringBuilder head = new StringBuilder(lines[0]).append("\r\n");
        boolean upgrade = isUpgrade(lines);
        for (int i = 1; i < lines.length; i++) {
            String lower = lines[i].toLowerCase(Locale.ROOT);
            if (!lower.startsWith("connection:") && !lower.startsWith("keep-alive:") && !lines[i].isEmpty()) {
                head.append(lines[i]).append("\r\n");
            }
        }
        // a websocket handshake (fabric8 watches over websockets) keeps its Upgrade; the connection is then the
        // websocket's and ends with it, so one request per connection still holds
        head.append(upgrade ? "Connection: Upgrade\r\n\r\n" : "Connection: close\r\n\r\n");
        Socket up;
        try {
            up = tls.getSocketFactory().createSocket(upstream.getHost(), upstream.getPort());
        } catch (IOException refused) {
            log.add(requestLine + " -> API server unreachable, connection closed");
            return; // what a client sees from a load balancer whose backend is gone
        }
        sockets.add(up);
        try (up) {
            up.getOutputStream().write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            up.getOutputStream().flush();
            Thread body = Thread.ofPlatform().daemon().name("fault-proxy-body").start(() -> {
                try {
                    in.transferTo(up.getOutputStream());
                } catch (IOException e) {
                    // one side closed
                }
            });
            long limit = rule != null && rule.kind == Kind.DROP_AFTER_BYTES ? rule.amount : Long.MAX_VALUE;
            if (rule != null && rule.kind == Kind.DROP_AFTER_MILLIS) {
                Thread.ofPlatform().daemon().name("fault-proxy-drop").start(() -> {
                    try {
                        Thread.sleep(rule.amount); // the fault itself: the connection lives this long
                        closeQuietly(client);
                        closeQuietly(up);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
            log.add(requestLine + " -> forwarded" + (rule == null ? "" : " (" + rule.kind + " " + rule.amount + ")"));
            pipe(up.getInputStream(), client.getOutputStream(), limit);
            body.interrupt();
        }
    }

    /** Copies the answer; with a limit, closes after that many bytes past the header (a connection cut mid-body). */
    private static void pipe(InputStream from, OutputStream to, long bodyLimit) throws IOException {
        byte[] buf = new byte[8192];
        long body = -1;
        int matched = 0;
        int n;
        while ((n = from.read(buf)) > 0) {
            int write = n;
            if (bodyLimit != Long.MAX_VALUE) {
                for (int i = 0; i < n; i++) {
                    if (body < 0) {
                        matched = "\r\n\r\n".charAt(matched) == buf[i] ? matched + 1 : buf[i] == '\r' ? 1 : 0;
                        if (matched == 4) {
                            body = 0;
                        }
                    } else if (++body >= bodyLimit) {
                        write = i + 1;
                        break;
                    }
                }
            }
            to.write(buf, 0, write);
            to.flush();
            if (write < n || body >= bodyLimit) {
                return;
            }
        }
    }

    /** A websocket handshake: {@code Connection: Upgrade} with {@code Upgrade: websocket}. */
    static boolean isUpgrade(String[] headLines) {
        boolean connectionUpgrade = false;
        boolean websocket = false;
        for (int i = 1; i < headLines.length; i++) {
            String lower = headLines[i].toLowerCase(Locale.ROOT);
            connectionUpgrade |= lower.startsWith("connection:") && lower.contains("upgrade");
            websocket |= lower.startsWith("upgrade:") && lower.contains("websocket");
        }
        return connectionUpgrade && websocket;
    }

    /** RFC 6455 section 4.2.2: base64(SHA-1(Sec-WebSocket-Key + the protocol's GUID)). */
    private static String websocketAccept(String[] headLines) {
        String key = "";
        for (int i = 1; i < headLines.length; i++) {
            if (headLines[i].toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
                key = headLines[i].substring(headLines[i].indexOf(':') + 1).trim();
            }
        }
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1")
                    .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One unmasked, final server frame (RFC 6455 section 5.2). */
    private static byte[] websocketFrame(int opcode, byte[] payload) {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(payload.length);
        } else {
            frame.write(126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        }
        frame.writeBytes(payload);
        return frame.toByteArray();
    }

    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while ((b = in.read()) >= 0) {
            head.write(b);
            matched = "\r\n\r\n".charAt(matched) == b ? matched + 1 : b == '\r' ? 1 : 0;
            if (matched == 4) {
                return head.toByteArray();
            }
            if (head.size() > 65536) {
                return null;
            }
        }
        return null;
    }

    private static String reason(int status) {
        return switch (status) {
            case 410 -> "Gone";
            case 429 -> "Too Many Requests";
            case 500 -> "Internal Server Error";
            case 503 -> "Service Unavailable";
            default -> "Injected";
        };
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() {
        rules.forEach(Rule::release);
        try {
            server.close();
        } catch (IOException e) {
            // already closed
        }
        for (Socket s : new ArrayList<>(sockets)) {
            closeQuietly(s);
        }
        try {
            acceptor.join(TimeUnit.SECONDS.toMillis(5)); // the accept loop ends as soon as the socket is closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
