import org.HdrHistogram.Histogram;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pre-contact check (POST /api/contact-checks) against a no-op endpoint of the same service behind the
 * same authentication (GET /api/contact-checks/noop), in one run:
 *   1. closed loop, 2 client threads and 50 connections, `seconds` each (default 30): throughput, p50/p99
 *      and the ratio check/no-op;
 *   2. open loop at a fixed `rate` (default 1,000 requests/s) for `seconds` / 2: p99 measured from each
 *      request's intended start, so a stall is not hidden (no coordinated omission).
 * Recipients: 200 with a recorded EMAIL/MARKETING consent (answered ALLOWED, with disclosure and
 * unsubscribe headers) and 1 in 10 unknown (answered REFUSED, NO_CONSENT): every answer writes evidence.
 *
 * Run by hand, never in ./dev test, against privacy-service (OUBLI_PRIVACY_URL, default http://127.0.0.1:8083):
 *   java -cp ~/.m2/repository/org/hdrhistogram/HdrHistogram/2.2.2/HdrHistogram-2.2.2.jar \
 *        bench/ContactCheckBench.java [seconds=30] [rate=1000]
 * Token: OUBLI_BENCH_TOKEN if set; else, with OUBLI_BENCH_SIGNING_KEY (a PKCS#8 PEM, e.g. the tenancy
 * test key for a service started with its public half), a token signed here; else Acme's agent `emile` from
 * the Keycloak of ./dev up (client credentials).
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
        String token = token();
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        HttpClient http = HttpClient.newBuilder().executor(threads).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        String run = UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < RECIPIENTS; i++) {
            send(http, consent(token, run, i), 201);
        }
        Supplier<HttpRequest> noop = () -> HttpRequest.newBuilder(URI.create(SERVICE + "/api/contact-checks/noop"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build();
        Supplier<HttpRequest> check = () -> check(token, run);
        send(http, noop.get(), 200);
        send(http, check.get(), 200);

        closedLoop(http, noop, Math.min(5, seconds)); // warm-up, both endpoints
        closedLoop(http, check, Math.min(5, seconds));
        Result baseline = closedLoop(http, noop, seconds);
        Result checks = closedLoop(http, check, seconds);
        System.out.printf("closed loop, %d threads, %d connections, %d s each%n", THREADS, CONNECTIONS, seconds);
        baseline.print("no-op (GET /api/contact-checks/noop)");
        checks.print("check (POST /api/contact-checks)");
        System.out.printf("ratio check / no-op throughput: %.2f (goal >= 0.5)%n", checks.throughput() / baseline.throughput());

        Result fixed = openLoop(http, check, rate, Math.max(5, seconds / 2));
        System.out.printf("open loop at %d requests/s for %d s:%n", rate, Math.max(5, seconds / 2));
        fixed.print("check (POST /api/contact-checks)");
        System.out.printf("p99 at %d requests/s: %.2f ms (goal <= 10 ms)%n", rate, fixed.histogram.getValueAtPercentile(99) / 1000.0);
        threads.shutdownNow();
    }

    record Result(Histogram histogram, long requests, long errors, double seconds) {
        double throughput() {
            return requests / seconds;
        }

        void print(String what) {
            System.out.printf("  %-40s %9.0f req/s  p50 %6.2f ms  p99 %6.2f ms  max %7.2f ms  errors %d%n", what, throughput(),
                    histogram.getValueAtPercentile(50) / 1000.0, histogram.getValueAtPercentile(99) / 1000.0,
                    histogram.getMaxValue() / 1000.0, errors);
        }
    }

    /** CONNECTIONS requests in flight at all times for `seconds`. */
    static Result closedLoop(HttpClient http, Supplier<HttpRequest> request, int seconds) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        CountDownLatch finished = new CountDownLatch(CONNECTIONS);
        long started = System.nanoTime();
        for (int i = 0; i < CONNECTIONS; i++) {
            loop(http, request, end, histogram, done, errors, finished);
        }
        finished.await();
        return new Result(histogram, done.get(), errors.get(), (System.nanoTime() - started) / 1e9);
    }

    static void loop(HttpClient http, Supplier<HttpRequest> request, long end, Histogram histogram, AtomicLong done,
                     AtomicLong errors, CountDownLatch finished) {
        if (System.nanoTime() >= end) {
            finished.countDown();
            return;
        }
        long sent = System.nanoTime();
        http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
            record(histogram, sent, response, failure, done, errors);
            loop(http, request, end, histogram, done, errors, finished);
        });
    }

    /** One request every 1/rate s, timed from when it should have been sent. */
    static Result openLoop(HttpClient http, Supplier<HttpRequest> request, int rate, int seconds) throws InterruptedException {
        Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        int total = rate * seconds;
        CountDownLatch finished = new CountDownLatch(total);
        long period = TimeUnit.SECONDS.toNanos(1) / rate;
        long started = System.nanoTime();
        for (int i = 0; i < total; i++) {
            long intended = started + i * period;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            http.sendAsync(request.get(), HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                record(histogram, intended, response, failure, done, errors);
                finished.countDown();
            });
        }
        finished.await(60, TimeUnit.SECONDS);
        return new Result(histogram, done.get(), errors.get(), (System.nanoTime() - started) / 1e9);
    }

    static void record(Histogram histogram, long since, HttpResponse<String> response, Throwable failure, AtomicLong done,
                       AtomicLong errors) {
        long micros = Math.max(1, (System.nanoTime() - since) / 1000);
        synchronized (histogram) {
            histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
        }
        done.incrementAndGet();
        if (failure != null || response.statusCode() != 200) {
            errors.incrementAndGet();
        }
    }

    static HttpRequest consent(String token, String run, int i) {
        String body = """
                {"subject":{"email":"bench-%s-%d@example.test"},"channel":"EMAIL","purpose":"MARKETING","state":"GRANTED","source":"AGENT"}"""
                .formatted(run, i);
        return HttpRequest.newBuilder(URI.create(SERVICE + "/api/consents")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static HttpRequest check(String token, String run) {
        int i = ThreadLocalRandom.current().nextInt(RECIPIENTS * 10 / 9);
        String body = """
                {"agentId":"emile","channel":"EMAIL","purpose":"MARKETING","recipient":{"email":"bench-%s-%d@example.test"}}"""
                .formatted(run, i);
        return HttpRequest.newBuilder(URI.create(SERVICE + "/api/contact-checks")).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static void send(HttpClient http, HttpRequest request, int expected) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(request.uri() + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static String token() throws Exception {
        String given = System.getenv("OUBLI_BENCH_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        String keyFile = System.getenv("OUBLI_BENCH_SIGNING_KEY");
        if (keyFile != null && !keyFile.isBlank()) {
            return signed(Path.of(keyFile));
        }
        String form = "grant_type=client_credentials&client_id=emile&client_secret=emile-demo-secret";
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                .matcher(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!token.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running? (or set OUBLI_BENCH_TOKEN)");
        }
        return token.group(1);
    }

    /** An RS256 token as the tenancy test-jar's TestTokens signs them: Acme's agent, one hour. */
    static String signed(Path pem) throws Exception {
        String base64 = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
        String header = url.encodeToString("{\"alg\":\"RS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = url.encodeToString(("{\"iss\":\"https://tokens.test.oubli.dev\",\"aud\":\"oubli-api\",\"sub\":\"emile\","
                + "\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + Instant.now().plusSeconds(3600).getEpochSecond() + ",\"realm_access\":{\"roles\":[\"agent\"]},"
                + "\"tenant_id\":\"" + ACME + "\"}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + url.encodeToString(rsa.sign());
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
