import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Erasure end to end (submit -> COMPLETED) against the suite of `./dev up`: submits N erasure requests
 * through the gateway at a steady rate, waits until all are COMPLETED, then reads each request's
 * received_at -> completed_at from the privacy database and prints p50/p95/p99 and the achieved rate.
 *
 * Run by hand, not part of ./dev test:  java bench/ErasureBench.java [requests=1000] [rate=100]
 */
public class ErasureBench {

    static final String GATEWAY = "http://127.0.0.1:" + env("OUBLI_GATEWAY_PORT", "8080");
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int requests = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        String token = token();

        List<CompletableFuture<String>> submitted = new ArrayList<>();
        // A daemon: a failed submission ends the run with its error instead of leaving the JVM waiting on the clock.
        ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "erasure-bench-clock");
            thread.setDaemon(true);
            return thread;
        });
        long periodNanos = TimeUnit.SECONDS.toNanos(1) / rate;
        long started = System.nanoTime();
        for (int i = 0; i < requests; i++) {
            CompletableFuture<String> location = new CompletableFuture<>();
            submitted.add(location);
            clock.schedule(() -> submit(token).whenComplete((id, e) -> {
                if (e != null) {
                    location.completeExceptionally(e);
                } else {
                    location.complete(id);
                }
            }), i * periodNanos, TimeUnit.NANOSECONDS);
        }
        // A submission refused or timed out (the gateway's 504 after 30 s when privacy-service falls behind) is counted,
        // not fatal: the figures are those of the accepted ones, and the refusals are a figure of their own.
        List<String> ids = new ArrayList<>();
        java.util.Map<String, Integer> refused = new java.util.TreeMap<>();
        for (CompletableFuture<String> id : submitted) {
            try {
                ids.add(id.get(120, TimeUnit.SECONDS));
            } catch (java.util.concurrent.ExecutionException failed) {
                refused.merge(String.valueOf(failed.getCause().getMessage()).replaceAll("submit answered (\\d+).*", "$1"), 1, Integer::sum);
            }
        }
        double submitSeconds = (System.nanoTime() - started) / 1e9;
        int refusedCount = refused.values().stream().mapToInt(Integer::intValue).sum();
        if (refusedCount > 0) {
            System.out.printf("%d of %d submissions not accepted (by answer: %s)%n", refusedCount, requests, refused);
        }
        clock.shutdown();

        awaitCompletion(token, ids);
        double[] latencies = latenciesMillis(ids);
        Arrays.sort(latencies);
        System.out.printf("erasure end to end: %d requests submitted at a target of %d/s, %d accepted, achieved %.1f/s%n",
                requests, rate, ids.size(), ids.size() / submitSeconds);
        System.out.printf("submit -> COMPLETED: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                percentile(latencies, 50), percentile(latencies, 95), percentile(latencies, 99), latencies[latencies.length - 1]);
        System.out.printf(java.util.Locale.ROOT, "BENCH|P1|erasures accepted per s (target %d/s)|%.1f|%d|%.1f|>= 100%n",
                rate, ids.size() / submitSeconds, rate, ids.size() / submitSeconds);
        System.out.printf(java.util.Locale.ROOT, "BENCH|P1|erasure submissions not accepted (of %d)|%d|-|%d|<= 0%n",
                requests, refusedCount, refusedCount);
        System.out.printf(java.util.Locale.ROOT, "BENCH|P1|erasure submit -> COMPLETED p99 ms|%.0f|-|%.0f|<= 250%n",
                percentile(latencies, 99), percentile(latencies, 99));
    }

    static CompletableFuture<String> submit(String token) {
        String body = "{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"bench-" + UUID.randomUUID() + "@example.test\"]}}";
        HttpRequest request = HttpRequest.newBuilder(URI.create(GATEWAY + "/api/privacy-requests"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(response -> {
            if (response.statusCode() != 202) {
                throw new IllegalStateException("submit answered " + response.statusCode() + ": " + response.body());
            }
            String location = response.headers().firstValue("Location").orElseThrow();
            return location.substring(location.lastIndexOf('/') + 1);
        });
    }

    static void awaitCompletion(String token, List<String> ids) throws IOException, InterruptedException {
        List<String> pending = new ArrayList<>(ids);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!pending.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(pending.size() + " requests not COMPLETED after 5 minutes");
            }
            String id = pending.get(0);
            HttpRequest get = HttpRequest.newBuilder(URI.create(GATEWAY + "/api/privacy-requests/" + id))
                    .header("Authorization", "Bearer " + token).build();
            String body = HTTP.send(get, HttpResponse.BodyHandlers.ofString()).body();
            if (body.contains("\"status\":\"COMPLETED\"")) {
                pending.remove(0);
            } else if (body.contains("\"status\":\"FAILED\"")) {
                throw new IllegalStateException("request " + id + " FAILED");
            } else {
                Thread.sleep(100);
            }
        }
    }

    /** Server-side timestamps, so that polling does not distort what is measured. */
    static double[] latenciesMillis(List<String> ids) throws IOException, InterruptedException {
        String sql = "select extract(epoch from completed_at - received_at) * 1000 from privacy_request where id in ('"
                + String.join("','", ids) + "')";
        ProcessBuilder psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", env("OUBLI_PG_PORT", "55432"),
                "-U", "postgres", "-d", "oubli_privacy", "-At", "-c", sql).redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", "local-dev-only");
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return output.lines().filter(line -> !line.isBlank()).mapToDouble(Double::parseDouble).toArray();
    }

    static double percentile(double[] sorted, int p) {
        return sorted[Math.max(0, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    static String token() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=oubli-cli&username=acme-privacy-officer&password=oubli-demo";
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                .matcher(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!token.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running?");
        }
        return token.group(1);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
