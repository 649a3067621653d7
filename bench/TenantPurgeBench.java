import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A tenant purge (issue 22 item 2, docs/adr/0051) through the product, next to a raw DELETE of the same rows, in the
 * same run, against the suite of `./dev up`; and another tenant's reads during the purge next to the same reads just
 * before it.
 *
 * 1. Seeds two identical tenants, A and B, straight into the owners' databases as the superuser (contacts with blind
 *    indexes of the real shape in contacts-service's, notes in knowledge-service's, whose triggers write their search
 *    entries), then VACUUM ANALYZE, as autovacuum would.
 * 2. The reference: B's rows deleted with one raw DELETE per table, in each owner database at once (the fan-out runs
 *    the owners at once too), tables in the order the purge takes them (TenantRows' catalog query, read from its
 *    source), each database in one transaction, timed by psql (the longer of the two); then VACUUM.
 * 3. Other-tenant traffic before: GET /api/contacts/{id} of Acme's contacts on contacts-service at a steady rate
 *    (open loop: latency from each request's intended start), for `seconds` after as many seconds of warm-up.
 * 4. The purge: A registered in privacy-service, terminated without grace; the same traffic runs until A's purge
 *    certificate is issued. The purge's time is the certificate's own (purgedAt - purgeStartedAt: from the sweep's
 *    start of the purge, through the Kafka fan-out, every owner's deletes and answers, to privacy-service's signing);
 *    the time from the termination request to the certificate is printed too (it adds the sweep's period).
 *
 * Run by hand, not part of ./dev test, from the repository root (needs psql and the local superuser password):
 *   java bench/TenantPurgeBench.java [contacts=1000000] [notes=100000] [rate=50] [seconds=20]
 * privacy-service's sweep runs every oubli.privacy.tenants.purge-every (10 s by default; bench/run sets 1 s through
 * OUBLI_PRIVACY_TENANTS_PURGE_EVERY). URLs: OUBLI_CONTACTS_URL, OUBLI_PRIVACY_URL (default ports 8081, 8083).
 */
public class TenantPurgeBench {

    static final String CONTACTS = env("OUBLI_CONTACTS_URL", "http://127.0.0.1:" + env("OUBLI_CONTACTS_PORT", "8081"));
    static final String PRIVACY = env("OUBLI_PRIVACY_URL", "http://127.0.0.1:" + env("OUBLI_PRIVACY_PORT", "8083"));
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final String CONTACTS_DB = env("OUBLI_CONTACTS_DB", "oubli_contacts");
    static final String KNOWLEDGE_DB = env("OUBLI_KNOWLEDGE_DB", "oubli_knowledge");
    static final String ACME = "11111111-1111-4111-8111-111111111111";
    static final String SOURCE = "bench-tenant-purge";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern TIME = Pattern.compile("^Time: ([0-9.]+) ms", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        int contacts = arg(args, 0, 1_000_000);
        int notes = arg(args, 1, 100_000);
        int rate = arg(args, 2, 50);
        int seconds = arg(args, 3, 20);
        UUID purged = UUID.randomUUID();
        UUID reference = UUID.randomUUID();
        String tables = textBlock(Files.readString(Path.of("libs/tenancy/src/main/java/dev/oubli/tenancy/TenantRows.java")), "TABLES = ");
        Tokens staff = new Tokens("password&client_id=oubli-cli&username=acme-contacts-editor&password=oubli-demo");
        Tokens automation = new Tokens("client_credentials&client_id=oubli-automation&client_secret=oubli-automation-demo-secret");
        List<String> traffic = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            traffic.add(UUID.randomUUID().toString());
        }
        try {
            long started = System.nanoTime();
            for (UUID tenant : List.of(purged, reference)) {
                seed(tenant, contacts, notes);
            }
            psql(CONTACTS_DB, "insert into contact (tenant_id, id, first_name, email_index, source, lawful_basis) "
                    + "select '" + ACME + "', cast(id as uuid), 'Reader', " + blindIndex("'" + ACME + "' || id") + ", '" + SOURCE
                    + "', 'CONTRACT' from unnest(cast('{" + String.join(",", traffic) + "}' as text[])) id");
            vacuum();
            System.out.printf("seeded 2 tenants of %,d contacts and %,d notes in %.1f s (load %s)%n", contacts, notes,
                    (System.nanoTime() - started) / 1e9, load());

            // The reference: a raw DELETE of B's rows in each owner database, both at once.
            String order = "select name from (" + tables + ") t";
            started = System.nanoTime();
            CompletableFuture<Double> contactsDelete = CompletableFuture.supplyAsync(() -> rawDelete(CONTACTS_DB, order, reference));
            CompletableFuture<Double> knowledgeDelete = CompletableFuture.supplyAsync(() -> rawDelete(KNOWLEDGE_DB, order, reference));
            double contactsSeconds = contactsDelete.join();
            double knowledgeSeconds = knowledgeDelete.join();
            // The statements' own times (psql's \timing), not the psql processes' start.
            double deleteSeconds = Math.max(contactsSeconds, knowledgeSeconds);
            System.out.printf("raw DELETE of B: %.2f s, both databases at once (contacts database %.2f s, knowledge database "
                    + "%.2f s; %.1f s with the psql processes; load %s)%n", deleteSeconds, contactsSeconds, knowledgeSeconds,
                    (System.nanoTime() - started) / 1e9, load());
            vacuum();

            // The other tenant's reads, without a purge, then during A's.
            System.out.printf("warming up the reads: %s%n", Latencies.run(staff, traffic, rate, seconds, null));
            Latencies before = Latencies.run(staff, traffic, rate, seconds, null);
            System.out.printf("Acme's contact reads before the purge: %s (load %s)%n", before, load());
            send(automation, "PUT", PRIVACY + "/api/tenants/" + purged, "{\"slug\":\"bench-purge-" + purged.toString().substring(0, 8)
                    + "\",\"displayName\":\"Purge bench\"}", 200);
            long terminated = System.nanoTime();
            send(automation, "POST", PRIVACY + "/api/tenants/" + purged + "/termination", "{\"gracePeriodDays\":0}", 200);
            String[] certificate = new String[1];
            Latencies during = Latencies.run(staff, traffic, rate, 3600, () -> {
                certificate[0] = certificate(automation, purged);
                return certificate[0] != null;
            });
            double wall = (System.nanoTime() - terminated) / 1e9;
            String document = certificate[0].replace("\\\"", "\"");
            double purgeSeconds = Duration.between(instant(document, "purgeStartedAt"), instant(document, "purgedAt")).toMillis() / 1e3;
            System.out.printf("purge of A: %.2f s by its certificate (purgeStartedAt to purgedAt), %.1f s from the termination "
                    + "request to the certificate; contact %s, note %s (load %s)%n", purgeSeconds, wall,
                    count(document, "contact"), count(document, "note"), load());
            System.out.printf("Acme's contact reads during the purge: %s%n", during);
            System.out.printf("purge / raw DELETE: %.2f (goal <= 1.5)%n", purgeSeconds / deleteSeconds);
            System.out.printf(Locale.ROOT, "BENCH|TP|tenant purge (%d contacts, %d notes) vs raw DELETE, s|%.2f|%.2f|%.2f|<= 1.5%n",
                    contacts, notes, purgeSeconds, deleteSeconds, purgeSeconds / deleteSeconds);
            System.out.printf(Locale.ROOT, "BENCH|TPb|another tenant's read p99 during the purge vs before, ms|%.1f|%.1f|%.2f|-%n",
                    during.p99(), before.p99(), during.p99() / before.p99());
        } finally {
            psql(CONTACTS_DB, "delete from contact where tenant_id in ('" + purged + "', '" + reference + "')"
                    + " or tenant_id = '" + ACME + "' and source = '" + SOURCE + "'");
            for (UUID tenant : List.of(purged, reference)) {
                psql(KNOWLEDGE_DB, inTenant(tenant) + "delete from note where tenant_id = '" + tenant + "'");
            }
        }
    }

    /** Contacts as contacts-service stores them (blind indexes of the real shape), and notes with their search entries. */
    static void seed(UUID tenant, int contacts, int notes) throws IOException, InterruptedException {
        psql(CONTACTS_DB, """
                insert into contact (tenant_id, id, first_name, last_name, email, email_index, phone, phone_index, company,
                                     source, lawful_basis, created_at, updated_at)
                select '%1$s', gen_random_uuid(), 'First' || g, 'Last' || g, 'person.' || g || '@example.com', %2$s,
                       '+3361' || lpad(g::text, 7, '0'), %3$s, 'Company ' || (g %% 1000), '%4$s', 'CONTRACT', now(), now()
                from generate_series(1, %5$d) g""".formatted(tenant, blindIndex("'e%s' || g".formatted(tenant)),
                blindIndex("'p%s' || g".formatted(tenant)), SOURCE, contacts));
        psql(KNOWLEDGE_DB, inTenant(tenant) + """
                insert into note (tenant_id, id, title, body, created_at, updated_at)
                select '%s', gen_random_uuid(), 'Appel client ' || g,
                       'Rappeler le client ' || g || ' lundi au sujet de la facture ' || (g %% 97) || ' et du contrat de '
                       || 'livraison. Garantie de la chaudière, réparation prévue, devis envoyé; the customer asked about '
                       || 'the refund of order ' || (g %% 1013) || ' and a meeting next week. Merci, bonne journée.',
                       now(), now()
                from generate_series(1, %d) g""".formatted(tenant, notes));
    }

    /**
     * The session's tenant: search_entry's triggers run as the owner role, under its row-level security (the superuser
     * running the bench bypasses the tables' own policies).
     */
    static String inTenant(UUID tenant) {
        return "select from set_config('oubli.tenant_id', '" + tenant + "', false);\n";
    }

    /** A blind index's shape: 43 base64url characters of a SHA-256, from a SQL text expression. */
    static String blindIndex(String expression) {
        return "translate(rtrim(encode(sha256(convert_to(" + expression + ", 'UTF8')), 'base64'), '='), '+/', '-_')";
    }

    static void vacuum() throws IOException, InterruptedException {
        psql(CONTACTS_DB, "vacuum analyze contact");
        psql(KNOWLEDGE_DB, "vacuum analyze note");
        psql(KNOWLEDGE_DB, "vacuum analyze search_entry");
    }

    /** One raw DELETE per table holding the tenant's rows, in the purge's order, in one transaction: its seconds. */
    static double rawDelete(String database, String order, UUID tenant) {
        try {
            StringBuilder script = new StringBuilder("begin;\n");
            for (String table : psql(database, order).strip().split("\n")) {
                script.append("delete from \"").append(table).append("\" where tenant_id = '").append(tenant).append("';\n");
            }
            script.append("commit;\n");
            Matcher times = TIME.matcher(psql(database, inTenant(tenant) + "\\timing on\n" + script));
            double milliseconds = 0;
            while (times.find()) {
                milliseconds += Double.parseDouble(times.group(1));
            }
            return milliseconds / 1e3;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The purge certificate's JSON, or null while there is none. */
    static String certificate(Tokens automation, UUID tenant) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(PRIVACY + "/api/tenants/" + tenant + "/purge-certificate"))
                    .header("Authorization", "Bearer " + automation.get()).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : null;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static Instant instant(String document, String field) {
        Matcher value = Pattern.compile("\"" + field + "\":\"([^\"]+)\"").matcher(document);
        if (!value.find()) {
            throw new IllegalStateException("no " + field + " in the certificate");
        }
        return Instant.parse(value.group(1));
    }

    static String count(String document, String table) {
        Matcher value = Pattern.compile("\"" + table + "\":(\\d+)").matcher(document);
        return value.find() ? String.format("%,d", Long.parseLong(value.group(1))) : "not listed";
    }

    /**
     * The other tenant's reads: GET /api/contacts/{id} at {@code rate} per second, each timed from its intended start,
     * for {@code seconds} or until {@code done} (asked every 250 ms) answers true.
     */
    record Latencies(double[] sorted, int errors) {

        static Latencies run(Tokens tokens, List<String> ids, int rate, int seconds, java.util.concurrent.Callable<Boolean> done)
                throws Exception {
            List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger errors = new AtomicInteger();
            AtomicInteger sent = new AtomicInteger();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long start = System.nanoTime();
            long period = 1_000_000_000L / rate;
            clock.scheduleAtFixedRate(() -> {
                int i = sent.getAndIncrement();
                long intended = start + i * period;
                HTTP.sendAsync(HttpRequest.newBuilder(URI.create(CONTACTS + "/api/contacts/" + ids.get(i % ids.size())))
                                .header("Authorization", "Bearer " + tokens.get()).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
                    if (failure != null || response.statusCode() != 200) {
                        errors.incrementAndGet();
                    } else {
                        latencies.add((System.nanoTime() - intended) / 1e6);
                    }
                });
            }, 0, period, TimeUnit.NANOSECONDS);
            long deadline = start + seconds * 1_000_000_000L;
            while (System.nanoTime() < deadline && (done == null || !done.call())) {
                Thread.sleep(250);
            }
            if (System.nanoTime() >= deadline && done != null) {
                throw new IllegalStateException("no purge certificate after " + seconds + " s");
            }
            clock.shutdownNow();
            Thread.sleep(1000); // the last answers
            double[] sorted;
            synchronized (latencies) {
                sorted = latencies.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            }
            return new Latencies(sorted, errors.get());
        }

        double p99() {
            return percentile(99);
        }

        double percentile(double p) {
            return sorted.length == 0 ? Double.NaN : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100 * sorted.length) - 1)];
        }

        @Override
        public String toString() {
            return String.format("%d reads, %d errors, p50 %.1f ms, p99 %.1f ms, max %.1f ms", sorted.length, errors,
                    percentile(50), p99(), sorted.length == 0 ? Double.NaN : sorted[sorted.length - 1]);
        }
    }

    /** A Keycloak token for a grant, fetched again after a minute (access tokens live a few minutes). */
    static final class Tokens {
        private final String grant;
        private String token;
        private long fetched;

        Tokens(String grant) {
            this.grant = "grant_type=" + grant;
        }

        synchronized String get() {
            if (token == null || System.nanoTime() - fetched > 60_000_000_000L) {
                try {
                    HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                            .header("Content-Type", "application/x-www-form-urlencoded")
                            .POST(HttpRequest.BodyPublishers.ofString(grant)).build();
                    Matcher found = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                            .matcher(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
                    if (!found.find()) {
                        throw new IllegalStateException("no token from Keycloak: is ./dev up running?");
                    }
                    token = found.group(1);
                    fetched = System.nanoTime();
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return token;
        }
    }

    static void send(Tokens tokens, String method, String url, String json, int expected) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + tokens.get())
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** Runs {@code command} (statements, or psql meta-commands) as the local superuser; its output, unaligned. */
    static String psql(String database, String command) throws IOException, InterruptedException {
        ProcessBuilder psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", env("OUBLI_PG_PORT", "55432"), "-U", "postgres",
                "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-A", "-t").redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", "local-dev-only");
        Process process = psql.start();
        process.getOutputStream().write(command.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
        return output;
    }

    /** The text block after {@code marker} in a Java source. */
    static String textBlock(String source, String marker) {
        int start = source.indexOf("\"\"\"", source.indexOf(marker)) + 3;
        return source.substring(start, source.indexOf("\"\"\"", start)).stripIndent().strip();
    }

    static String load() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    static int arg(String[] args, int index, int fallback) {
        return args.length > index ? Integer.parseInt(args[index]) : fallback;
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
