import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * P5 (issue 18): the same authenticated read, GET /api/contact-checks/noop (token check, role, tenant claim, no
 * database), directly to privacy-service and through the gateway, in one run with the same load generator: closed
 * loop, `connections` threads each with its own HTTP/1.1 client; phases alternate direct, gateway, direct, gateway
 * (`seconds` / 2 each) after a warm-up of each, so drift of a shared machine falls on both sides. Prints throughput,
 * p50, p99 of each, the ratio gateway/direct and the p50 the gateway adds. Goal: ratio ≥ 0.85, added p50 ≤ 1 ms.
 *
 * Run by hand against ./dev up (never in ./dev test):
 *   java bench/GatewayBench.java [seconds=20] [connections=8]
 * OUBLI_GATEWAY_URL (http://127.0.0.1:8080), OUBLI_PRIVACY_URL (http://127.0.0.1:8083); the token is OUBLI_BENCH_TOKEN
 * or Acme's `emile` agent from the Keycloak of ./dev up. The gateway's rate limits must allow the load: start it with
 * OUBLI_GATEWAY_CLIENT_PER_MINUTE and OUBLI_GATEWAY_TENANT_PER_MINUTE above connections × 60,000 / p50 in ms.
 */
public class GatewayBench {

    static final String GATEWAY = env("OUBLI_GATEWAY_URL", "http://127.0.0.1:8080");
    static final String DIRECT = env("OUBLI_PRIVACY_URL", "http://127.0.0.1:8083");
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final String PATH = "/api/contact-checks/noop";

    record Result(long requests, double seconds, long[] nanos) {
        double throughput() {
            return requests / seconds;
        }

        double percentileMillis(double p) {
            return nanos.length == 0 ? Double.NaN : nanos[(int) Math.min(nanos.length - 1, Math.floor(p * nanos.length))] / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 8;
        String token = token();
        run(DIRECT, token, 5, connections);
        run(GATEWAY, token, 5, connections);
        List<Result> direct = new ArrayList<>();
        List<Result> gateway = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            direct.add(run(DIRECT, token, seconds / 2.0, connections));
            gateway.add(run(GATEWAY, token, seconds / 2.0, connections));
        }
        Result d = merge(direct);
        Result g = merge(gateway);
        print("direct ", d);
        print("gateway", g);
        System.out.printf(Locale.ROOT, "gateway/direct throughput %.2f, added p50 %.2f ms, added p99 %.2f ms%n",
                g.throughput() / d.throughput(), g.percentileMillis(0.5) - d.percentileMillis(0.5),
                g.percentileMillis(0.99) - d.percentileMillis(0.99));
        // One line per figure for bench/run: id | metric | figure | reference | compared | goal (on "compared").
        System.out.printf(Locale.ROOT, "BENCH|P5|gateway vs direct, requests/s|%.0f|%.0f|%.2f|>= 0.85%n",
                g.throughput(), d.throughput(), g.throughput() / d.throughput());
        System.out.printf(Locale.ROOT, "BENCH|P5|gateway vs direct, p50 ms (compared: added)|%.2f|%.2f|%.2f|<= 1%n",
                g.percentileMillis(0.5), d.percentileMillis(0.5), g.percentileMillis(0.5) - d.percentileMillis(0.5));
    }

    static Result run(String base, String token, double seconds, int connections) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + PATH)).header("Authorization", "Bearer " + token)
                .timeout(Duration.ofSeconds(10)).GET().build();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        List<Future<long[]>> futures = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            futures.add(threads.submit(() -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                long[] nanos = new long[1 << 16];
                int n = 0;
                while (System.nanoTime() < end) {
                    long before = System.nanoTime();
                    HttpResponse<Void> answer = client.send(request, HttpResponse.BodyHandlers.discarding());
                    if (answer.statusCode() != 200) {
                        throw new IllegalStateException(base + " answered " + answer.statusCode());
                    }
                    if (n == nanos.length) {
                        nanos = Arrays.copyOf(nanos, n * 2);
                    }
                    nanos[n++] = System.nanoTime() - before;
                }
                return Arrays.copyOf(nanos, n);
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> future : futures) {
            all.add(future.get());
        }
        threads.shutdown();
        double elapsed = (System.nanoTime() - start) / 1e9;
        long[] nanos = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
        return new Result(nanos.length, elapsed, nanos);
    }

    static Result merge(List<Result> results) {
        long[] nanos = results.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).sorted().toArray();
        return new Result(results.stream().mapToLong(Result::requests).sum(), results.stream().mapToDouble(Result::seconds).sum(), nanos);
    }

    static void print(String name, Result result) {
        System.out.printf(Locale.ROOT, "%s %8.0f requests/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests)%n", name,
                result.throughput(), result.percentileMillis(0.5), result.percentileMillis(0.99), result.requests());
    }

    static String token() throws Exception {
        String given = System.getenv("OUBLI_BENCH_TOKEN");
        if (given != null && !given.isBlank()) {
            return given.strip();
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=emile&client_secret=emile-demo-secret"))
                .build();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                .matcher(HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!token.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running? (or set OUBLI_BENCH_TOKEN)");
        }
        return token.group(1);
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
