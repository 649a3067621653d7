import java.io.BufferedWriter;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Contact import throughput against the suite of `./dev up`, and the same rows loaded by a raw PostgreSQL
 * COPY into the same table, in the same run: prints rows/s of each and their ratio (goal: import >= 0.4 x COPY).
 *
 * The import: a generated CSV (first name, last name, email, French mobile, company; every tenth company
 * quoted) posted to contacts-service, timed from the POST to the job's COMPLETED. The COPY: the same rows
 * as the table stores them (blind indexes of the same shape), with psql's \copy, into an empty table of the contact
 * table's shape (columns, defaults, constraints, indexes; created and dropped by the bench).
 * Both are deleted afterwards (the import's by its source tag).
 *
 * Run by hand, not part of ./dev test:  java bench/ImportBench.java [rows=1000000]
 * OUBLI_CONTACTS_URL (default http://127.0.0.1:8081) and OUBLI_TOKEN (default: a token of
 * acme-contacts-editor from Keycloak) point it elsewhere.
 */
public class ImportBench {

    static final String CONTACTS = env("OUBLI_CONTACTS_URL", "http://127.0.0.1:" + env("OUBLI_CONTACTS_PORT", "8081"));
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        String token = env("OUBLI_TOKEN", null) != null ? env("OUBLI_TOKEN", null) : token();
        String tag = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        Path csv = Files.createTempFile("import-bench-", ".csv");
        Path copy = Files.createTempFile("import-bench-copy-", ".csv");
        UUID copyTenant = UUID.randomUUID();
        try {
            generate(rows, tag, csv, copy, copyTenant);
            System.out.printf("%d rows, upload %.1f MB%n", rows, Files.size(csv) / 1e6);

            long started = System.nanoTime();
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(CONTACTS
                                    + "/api/contact-imports?lawfulBasis=CONTRACT&duplicates=skip&source=" + tag))
                            .header("Authorization", "Bearer " + token).header("Content-Type", "text/csv")
                            .POST(HttpRequest.BodyPublishers.ofFile(csv)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("import answered " + accepted.statusCode() + ": " + accepted.body());
            }
            double uploadSeconds = (System.nanoTime() - started) / 1e9;
            String job = field(accepted.body(), "id");
            String state = awaitJob(token, job);
            double importSeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("import: %.1f s (upload %.1f s), %.0f rows/s; job: %s%n", importSeconds, uploadSeconds,
                    rows / importSeconds, state);

            // The reference: COPY of the same rows into an empty table of the contact table's shape (its columns,
            // defaults, constraints and indexes), as the issue asks, not into the table the import just filled.
            psql("drop table if exists bench_contact_copy; create table bench_contact_copy (like contact including all)");
            started = System.nanoTime();
            psql("\\copy bench_contact_copy (tenant_id, id, first_name, last_name, email, email_index, phone, phone_index, company,"
                    + " source, lawful_basis, created_at, updated_at) from '" + copy + "' with (format csv)");
            double copySeconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("COPY:   %.1f s, %.0f rows/s%n", copySeconds, rows / copySeconds);
            System.out.printf("import / COPY throughput: %.2f (goal >= 0.4)%n", copySeconds / importSeconds);
            System.out.printf(java.util.Locale.ROOT, "BENCH|P3|import vs COPY, rows/s|%.0f|%.0f|%.2f|>= 0.4%n",
                    rows / importSeconds, rows / copySeconds, copySeconds / importSeconds);
        } finally {
            psql("drop table if exists bench_contact_copy");
            psql("delete from contact where tenant_id = '" + copyTenant + "' or source = '" + tag + "'");
            Files.deleteIfExists(csv);
            Files.deleteIfExists(copy);
        }
    }

    /** The upload, and the same rows as COPY input (fake blind indexes of the real shape). */
    static void generate(int rows, String tag, Path csv, Path copy, UUID copyTenant) throws IOException {
        try (BufferedWriter upload = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             BufferedWriter table = Files.newBufferedWriter(copy, StandardCharsets.UTF_8)) {
            upload.write("firstName,lastName,email,phone,company\n");
            String now = java.time.OffsetDateTime.now().toString();
            for (int i = 0; i < rows; i++) {
                String email = tag + "." + i + "@example.com";
                String phone = String.format("+3361%07d", i);
                String company = "Company, " + (i % 1000);
                upload.write("First" + i + ",Last" + i + "," + email + "," + phone + ","
                        + (i % 10 == 0 ? "\"" + company + "\"" : company.replace(",", "")) + "\n");
                table.write(copyTenant + "," + UUID.randomUUID() + ",First" + i + ",Last" + i + "," + email + ","
                        + blindIndexShape() + "," + phone + "," + blindIndexShape() + ",\"" + company + "\"," + tag
                        + ",CONTRACT," + now + "," + now + "\n");
            }
        }
    }

    static String blindIndexShape() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(32).putLong(a.getMostSignificantBits()).putLong(a.getLeastSignificantBits())
                        .putLong(b.getMostSignificantBits()).putLong(b.getLeastSignificantBits()).array());
    }

    static String awaitJob(String token, String job) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(20).toNanos();
        while (System.nanoTime() < deadline) {
            String body = HTTP.send(HttpRequest.newBuilder(URI.create(CONTACTS + "/api/contact-imports/" + job))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()).body();
            String status = field(body, "status");
            if (status.equals("COMPLETED") || status.equals("FAILED")) {
                return status + " " + body.substring(body.indexOf("\"progress\""), body.indexOf('}', body.indexOf("\"progress\"")) + 1);
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("import " + job + " not finished after 20 minutes");
    }

    static void psql(String command) throws IOException, InterruptedException {
        ProcessBuilder psql = new ProcessBuilder("psql", "-h", "127.0.0.1", "-p", env("OUBLI_PG_PORT", "55432"),
                "-U", "postgres", "-d", env("OUBLI_CONTACTS_DB", "oubli_contacts"), "-v", "ON_ERROR_STOP=1", "-q", "-c", command)
                .redirectErrorStream(true);
        psql.environment().put("PGPASSWORD", "local-dev-only");
        Process process = psql.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("psql failed: " + output);
        }
    }

    static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return value.group(1);
    }

    static String token() throws IOException, InterruptedException {
        String form = "grant_type=password&client_id=oubli-cli&username=acme-contacts-editor&password=oubli-demo";
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        Matcher token = Pattern.compile("\"access_token\":\"([^\"]+)\"")
                .matcher(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!token.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running? (or set OUBLI_TOKEN)");
        }
        return token.group(1);
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
