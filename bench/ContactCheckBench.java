import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-contact check (POST /api/contact-checks) against a no-op endpoint of the same service behind the
 * same authentication (GET /api/contact-checks/noop), in one run:
 *   1. closed loop, 2 client threads and 50 connections, `seconds` each (default 30): throughput, p50/p99
 *      and the ratio check/no-op;
 *   2. open loop at a fixed `rate` (default 1,000 requests/s) for `seconds` / 2: p99 measured from each
 *      request's intended start, so a stall is not hidden (no coordinated omission); then the no-op the same
 *      way, the floor this machine gives any endpoint of the service.
 * Recipients: 200 with a recorded EMAIL/MARKETING consent (answered ALLOWED, with disclosure and
 * unsubscribe headers) and 1 in 10 unknown (answered REFUSED, NO_CONSENT): every answer writes evidence.
 *
 * Run by hand, never in ./dev test, against privacy-service (OUBLI_PRIVACY_URL, default http://127.0.0.1:8083):
 *   java -cp ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar \
 *        bench/ContactCheckBench.java [seconds=30] [rate=1000]
 * Tokens: the checks run as Acme's agent `emile` (its client is the check's agent, ADR 0021), the consents are
 * recorded by a contacts-editor (an agent may not grant). OUBLI_BENCH_TOKEN and OUBLI_BENCH_STAFF_TOKEN if set;
 * else, with OUBLI_BENCH_SIGNING_KEY (a PKCS#8 PEM, e.g. the tenancy test key for a service started with its
 * public half), tokens signed here; else from the Keycloak of ./dev up (`emile`'s client credentials,
 * `acme-contacts-editor` through `oubli-cli`).
 */
public class ContactCheckBench {

    static final String SERVICE = env("OUBLI_PRIVACY_URL", "http://127.0.0.1:" + env("OUBLI_PRIVACY_PORT", "8083"));
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final String ACME = "11111111-1111-4111-8111-111111111111";
    static final int THREADS = 2;
    static final int CONNECTIONS = 50;
    static final int RECIPIENTS = 200;

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        String token = token("OUBLI_BENCH_TOKEN", "emile", "agent",
                "grant_type=client_credentials&client_id=emile&client_secret=emile-demo-secret");
        String staff = token("OUBLI_BENCH_STAFF_TOKEN", "oubli-cli", "contacts-editor",
                "grant_type=password&client_id=oubli-cli&username=acme-contacts-editor&password=oubli-demo");
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < RECIPIENTS; i++) {
            send(http, consent(staff, run, i), 201);
        }
        URI service = URI.create(SERVICE);
        List<byte[]> noop = List.of(HttpLoad.get(service, "/api/contact-checks/noop", token));
        List<byte[]> checks = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS * 10 / 9; i++) { // 1 in 10 recipients has no consent
            checks.add(HttpLoad.post(service, "/api/contact-checks", token, """
                    {"agentId":"emile","channel":"EMAIL","purpose":"MARKETING","recipient":{"email":"bench-%s-%d@example.test"}}"""
                    .formatted(run, i)));
        }
        HttpLoad load = new HttpLoad(service, THREADS, CONNECTIONS);
        // Warm-up, both endpoints. A service just started compiles for minutes (C2 spent 44 s of CPU in privacy-service's
        // first three): run the bench once before a run whose figures count.
        load.closedLoop(noop, Math.min(15, seconds)).requireNoErrors("no-op warm-up");
        load.closedLoop(checks, Math.min(15, seconds)).requireNoErrors("check warm-up");
        HttpLoad.Result baseline = load.closedLoop(noop, seconds);
        HttpLoad.Result checked = load.closedLoop(checks, seconds);
        System.out.printf("closed loop, %d threads, %d connections, %d s each%n", THREADS, CONNECTIONS, seconds);
        baseline.print("no-op (GET /api/contact-checks/noop)");
        checked.print("check (POST /api/contact-checks)");
        System.out.printf("ratio check / no-op throughput: %.2f (goal >= 0.5)%n", checked.throughput() / baseline.throughput());

        int fixedSeconds = Math.max(5, seconds / 2);
        HttpLoad.Result fixed = load.openLoop(checks, rate, fixedSeconds);
        System.out.printf("open loop at %d requests/s for %d s:%n", rate, fixedSeconds);
        fixed.print("check (POST /api/contact-checks)");
        HttpLoad.Result floor = load.openLoop(noop, rate, fixedSeconds); // what this machine gives any endpoint
        floor.print("no-op (GET /api/contact-checks/noop)");
        System.out.printf("p99 at %d requests/s: %.2f ms (goal <= 10 ms; the no-op's: %.2f ms)%n", rate,
                fixed.histogram().getValueAtPercentile(99) / 1000.0, floor.histogram().getValueAtPercentile(99) / 1000.0);
        // One line per figure for bench/run: id | metric | figure | reference | compared | goal (on "compared").
        System.out.printf(java.util.Locale.ROOT, "BENCH|P2|check vs no-op, requests/s|%.0f|%.0f|%.2f|>= 0.5%n",
                checked.throughput(), baseline.throughput(), checked.throughput() / baseline.throughput());
        double checkP99 = fixed.histogram().getValueAtPercentile(99) / 1000.0;
        double noopP99 = floor.histogram().getValueAtPercentile(99) / 1000.0;
        System.out.printf(java.util.Locale.ROOT, "BENCH|P2|check vs no-op, p99 ms at %d/s|%.2f|%.2f|%.2f|<= 2%n", rate,
                checkP99, noopP99, checkP99 / noopP99);
    }

    static HttpRequest consent(String token, String run, int i) {
        String body = """
                {"subject":{"email":"bench-%s-%d@example.test"},"channel":"EMAIL","purpose":"MARKETING","state":"GRANTED","source":"FORM",
                 "proof":{"collectedAt":"2026-01-01T00:00:00Z","textVersion":"bench-form-v1"}}"""
                .formatted(run, i);
        return HttpRequest.newBuilder(URI.create(SERVICE + "/api/consents")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** A token from the environment, signed here with OUBLI_BENCH_SIGNING_KEY, or from Keycloak's token endpoint. */
    static String token(String variable, String client, String role, String form) throws Exception {
        String given = System.getenv(variable);
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String keyFile = System.getenv("OUBLI_BENCH_SIGNING_KEY");
        if (keyFile != null && !keyFile.isBlank()) {
            return signed(Path.of(keyFile), client, role);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                .matcher(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!token.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running? (or set " + variable + ")");
        }
        return token.group(1);
    }

    /** An RS256 token as the tenancy test-jar's TestTokens signs them: Acme's, for a client and a role, one hour. */
    static String signed(Path pem, String client, String role) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"https://tokens.test.oubli.dev\",\"aud\":\"oubli-api\",\"sub\":\"" + client + "\",\"azp\":\"" + client + "\","
                + "\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + ",\"realm_access\":{\"roles\":[\"" + role + "\"]},"
                + "\"tenant_id\":\"" + ACME + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + url.encodeToString(rsa.sign());
    }

    /**
     * A small HTTP/1.1 load generator in the manner of wrk: `threads` selector threads share `connections`
     * keep-alive connections, each carrying one request at a time, with the requests' bytes prepared in
     * advance, so that the client costs the 2 shared cores as little as possible (the JDK's HttpClient
     * cost as much CPU per request as the service's no-op it was measuring).
     */
    static final class HttpLoad {

        record Result(Histogram histogram, long requests, long errors, double seconds) {
            double throughput() {
                return requests / seconds;
            }

            Result requireNoErrors(String what) {
                if (errors > 0) {
                    throw new IllegalStateException(what + ": " + errors + " of " + requests + " requests failed");
                }
                return this;
            }

            void print(String what) {
                System.out.printf("  %-40s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d%n", what, throughput(),
                        histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                        histogram.getMaxValue() / 1000.0, errors);
            }
        }

        private final InetSocketAddress address;
        private final int threads;
        private final int connections;

        HttpLoad(URI service, int threads, int connections) {
            this.address = new InetSocketAddress(service.getHost(), service.getPort());
            this.threads = threads;
            this.connections = connections;
        }

        static byte[] get(URI service, String path, String token) {
            return ("GET " + path + " HTTP/1.1\r\nHost: " + service.getAuthority() + "\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: application/json\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        }

        static byte[] post(URI service, String path, String token, String json) {
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + service.getAuthority() + "\r\nAuthorization: Bearer " + token
                    + "\r\nAccept: application/json\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            byte[] request = Arrays.copyOf(head, head.length + body.length);
            System.arraycopy(body, 0, request, head.length, body.length);
            return request;
        }

        /** Every connection sends its next request as soon as the previous answer is in, for `seconds`. */
        Result closedLoop(List<byte[]> requests, int seconds) throws Exception {
            return run(requests, 0, seconds);
        }

        /** `rate` requests per second, each timed from when it was due, however long it waited for a connection. */
        Result openLoop(List<byte[]> requests, int rate, int seconds) throws Exception {
            return run(requests, rate, seconds);
        }

        private Result run(List<byte[]> requests, int rate, int seconds) throws Exception {
            Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(60), 3);
            AtomicLong done = new AtomicLong();
            AtomicLong errors = new AtomicLong();
            long started = System.nanoTime();
            List<Thread> running = new ArrayList<>();
            List<Exception> failures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = connections / threads + (t < connections % threads ? 1 : 0);
                Worker worker = new Worker(requests, share, rate / (double) threads, started, seconds, histogram, done, errors);
                Thread thread = new Thread(() -> {
                    try {
                        worker.run();
                    } catch (Exception e) {
                        synchronized (failures) {
                            failures.add(e);
                        }
                    }
                }, "load-" + t);
                thread.start();
                running.add(thread);
            }
            for (Thread thread : running) {
                thread.join();
            }
            if (!failures.isEmpty()) {
                throw failures.get(0);
            }
            return new Result(histogram, done.get(), errors.get(), (System.nanoTime() - started) / 1e9);
        }

        /** One selector thread and its connections. A rate of 0 means a closed loop. */
        private final class Worker {
            private final List<byte[]> requests;
            private final int share;
            private final double rate;
            private final long started;
            private final long end;
            private final Histogram histogram;
            private final AtomicLong done;
            private final AtomicLong errors;
            private final ArrayDeque<Long> due = new ArrayDeque<>();
            private final ArrayDeque<Connection> idle = new ArrayDeque<>();
            private long scheduled;

            Worker(List<byte[]> requests, int share, double rate, long started, int seconds, Histogram histogram, AtomicLong done,
                   AtomicLong errors) {
                this.requests = requests;
                this.share = share;
                this.rate = rate;
                this.started = started;
                this.end = started + TimeUnit.SECONDS.toNanos(seconds);
                this.histogram = histogram;
                this.done = done;
                this.errors = errors;
            }

            void run() throws IOException {
                try (Selector selector = Selector.open()) {
                    List<Connection> open = new ArrayList<>();
                    try {
                        for (int i = 0; i < share; i++) {
                            Connection connection = new Connection(SocketChannel.open(address));
                            connection.channel.configureBlocking(false);
                            connection.channel.register(selector, SelectionKey.OP_READ, connection);
                            open.add(connection);
                            idle.add(connection);
                        }
                        loop(selector, open);
                    } finally {
                        for (Connection connection : open) {
                            connection.channel.close();
                        }
                    }
                }
            }

            private void loop(Selector selector, List<Connection> open) throws IOException {
                long period = rate > 0 ? (long) (TimeUnit.SECONDS.toNanos(1) / rate) : 0;
                long total = rate > 0 ? (long) (rate * (end - started) / 1e9) : 0;
                while (true) {
                    long now = System.nanoTime();
                    if (rate > 0) {
                        while (scheduled < total && started + scheduled * period <= now) {
                            due.add(started + scheduled++ * period);
                        }
                        while (!due.isEmpty() && !idle.isEmpty()) {
                            send(idle.poll(), due.poll());
                        }
                        if (scheduled == total && due.isEmpty() && idle.size() == open.size()) {
                            return;
                        }
                    } else {
                        while (now < end && !idle.isEmpty()) {
                            send(idle.poll(), now);
                        }
                        if (now >= end && idle.size() == open.size()) {
                            return;
                        }
                    }
                    long wait = rate > 0 && scheduled < total ? started + scheduled * period - System.nanoTime() : 1_000_000;
                    if (wait >= 1_000_000) {
                        selector.select(wait / 1_000_000);
                    } else if (wait > 0) {
                        LockSupport.parkNanos(wait);
                        selector.selectNow();
                    } else {
                        selector.selectNow();
                    }
                    Iterator<SelectionKey> ready = selector.selectedKeys().iterator();
                    while (ready.hasNext()) {
                        Connection connection = (Connection) ready.next().attachment();
                        ready.remove();
                        int status = connection.read();
                        if (status != 0) {
                            record(connection.since, status);
                            idle.add(connection);
                        }
                    }
                }
            }

            private void send(Connection connection, long since) throws IOException {
                connection.since = since;
                byte[] request = requests.get(ThreadLocalRandom.current().nextInt(requests.size()));
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    connection.channel.write(out);
                }
            }

            private void record(long since, int status) {
                long micros = Math.max(1, (System.nanoTime() - since) / 1000);
                synchronized (histogram) {
                    histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                }
                done.incrementAndGet();
                if (status != 200) {
                    errors.incrementAndGet();
                }
            }
        }

        /** A keep-alive connection that reads one response at a time (Content-Length or chunked). */
        private static final class Connection {
            final SocketChannel channel;
            ByteBuffer in = ByteBuffer.allocate(16 * 1024);
            long since;

            Connection(SocketChannel channel) {
                this.channel = channel;
            }

            /** @return the status of the response completed by this read, or 0 while it is incomplete */
            int read() throws IOException {
                if (!in.hasRemaining()) {
                    in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                }
                if (channel.read(in) < 0) {
                    throw new IOException("the service closed a connection");
                }
                String text = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
                int headEnd = text.indexOf("\r\n\r\n");
                if (headEnd < 0) {
                    return 0;
                }
                String head = text.substring(0, headEnd).toLowerCase(Locale.ROOT);
                int length;
                Matcher contentLength = CONTENT_LENGTH.matcher(head);
                if (contentLength.find()) {
                    length = headEnd + 4 + Integer.parseInt(contentLength.group(1));
                } else if (head.contains("transfer-encoding: chunked")) {
                    int last = text.indexOf("\r\n0\r\n\r\n", headEnd);
                    length = last < 0 ? Integer.MAX_VALUE : last + 7;
                } else {
                    throw new IOException("a response with neither Content-Length nor chunked encoding");
                }
                if (in.position() < length) {
                    return 0;
                }
                int status = Integer.parseInt(text.substring(9, 12));
                in.flip().position(length);
                in.compact();
                return status;
            }
        }

        private static final Pattern CONTENT_LENGTH = Pattern.compile("\r\ncontent-length: *(\\d+)");
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
