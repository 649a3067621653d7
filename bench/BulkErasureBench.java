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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bulk erasure (issue 23 item 2, P1b; docs/adr/0062) through the product, next to raw DELETEs of the same rows in each
 * owner's database, in the same run, against the suite of `./dev up`.
 *
 * 1. Seeds two identical sets, A and B, of `contacts` contacts of Acme straight into the owners' databases as the
 *    superuser: each contact (blind indexes of the real shape) with one note about it and one conversation it takes part
 *    in (two messages), with the knowledge-service subject index rows the service itself writes; then VACUUM ANALYZE.
 * 2. The reference: B's rows deleted with raw DELETEs (contacts, with their consent mirror by cascade; notes,
 *    conversations with their participants and messages by cascade, and their subject index rows), each owner
 *    database in one transaction, both at once, timed by psql (the longer of the two).
 * 3. The product: one POST /api/contacts/erasures of A's ids as Acme's contacts editor, then the bulk erasure polled
 *    every 100 ms until COMPLETED: from the POST to COMPLETED (every batch's request settled: contacts-service, then
 *    privacy-service opening one request per batch, identity resolution, each owner's erasure of each batch and its
 *    receipt). Then A's rows are counted: none may be left.
 *
 * Run by hand, not part of ./dev test, from the repository root (needs psql and the local superuser password):
 *   java bench/BulkErasureBench.java [contacts=10000]
 * URLs: OUBLI_CONTACTS_URL, OUBLI_PRIVACY_URL (default ports 8081, 8083).
 */
public class BulkErasureBench {

    static final String CONTACTS = env("OUBLI_CONTACTS_URL", "http://127.0.0.1:" + env("OUBLI_CONTACTS_PORT", "8081"));
    static final String PRIVACY = env("OUBLI_PRIVACY_URL", "http://127.0.0.1:" + env("OUBLI_PRIVACY_PORT", "8083"));
    static final String KEYCLOAK = "http://127.0.0.1:" + env("OUBLI_KEYCLOAK_PORT", "58080");
    static final String CONTACTS_DB = env("OUBLI_CONTACTS_DB", "oubli_contacts");
    static final String KNOWLEDGE_DB = env("OUBLI_KNOWLEDGE_DB", "oubli_knowledge");
    static final String ACME = "11111111-1111-4111-8111-111111111111";
    static final String SOURCE = "bench-bulk-erasure";
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern TIME = Pattern.compile("^Time: ([0-9.]+) ms", Pattern.MULTILINE);

    public static void main(String[] args) throws Exception {
        int contacts = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        String run = Long.toString(System.currentTimeMillis(), 36);
        try {
            long started = System.nanoTime();
            List<String> a = seed("A" + run, contacts);
            List<String> b = seed("B" + run, contacts);
            for (String table : List.of("contact")) {
                psql(CONTACTS_DB, "vacuum analyze " + table);
            }
            for (String table : List.of("note", "conversation", "conversation_participant", "conversation_message", "subject_index",
                    "search_entry")) {
                psql(KNOWLEDGE_DB, "vacuum analyze " + table);
            }
            System.out.printf("seeded 2 sets of %,d contacts, each with a note and a conversation, in %.1f s (load %s)%n", contacts,
                    (System.nanoTime() - started) / 1e9, load());

            CompletableFuture<Double> contactsDelete = CompletableFuture.supplyAsync(() -> timed(CONTACTS_DB,
                    "delete from contact where tenant_id = '" + ACME + "' and id = any(" + uuids(b) + ");\n"));
            CompletableFuture<Double> knowledgeDelete = CompletableFuture.supplyAsync(() -> timed(KNOWLEDGE_DB, """
                    delete from note where tenant_id = '%1$s' and contact_id = any(%2$s);
                    delete from conversation where tenant_id = '%1$s' and id in (select conversation_id from conversation_participant
                                                                               where tenant_id = '%1$s' and contact_id = any(%2$s));
                    delete from subject_index where tenant_id = '%1$s' and identifier_kind = 'CONTACT' and identifier = any(%3$s);
                    """.formatted(ACME, uuids(b), texts(b))));
            double contactsSeconds = contactsDelete.join();
            double knowledgeSeconds = knowledgeDelete.join();
            double deleteSeconds = Math.max(contactsSeconds, knowledgeSeconds);
            System.out.printf("raw DELETEs of B: %.2f s, both databases at once (contacts %.2f s, knowledge %.2f s; load %s)%n",
                    deleteSeconds, contactsSeconds, knowledgeSeconds, load());

            String editor = token("acme-contacts-editor");
            String officer = token("acme-privacy-officer");
            long posted = System.nanoTime();
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(URI.create(CONTACTS + "/api/contacts/erasures"))
                    .header("Authorization", "Bearer " + editor).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"contactIds\":[\"" + String.join("\",\"", a) + "\"]}"))
                    .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofString());
            if (accepted.statusCode() != 202) {
                throw new IllegalStateException("POST /api/contacts/erasures answered " + accepted.statusCode() + ": " + accepted.body());
            }
            double answered = (System.nanoTime() - posted) / 1e9;
            String location = accepted.headers().firstValue("Location").orElseThrow();
            String status = "";
            String body = "";
            while (!status.equals("COMPLETED") && !status.equals("PARTIALLY_COMPLETED")) {
                if (System.nanoTime() - posted > 900_000_000_000L) {
                    throw new IllegalStateException("bulk erasure not settled after 15 minutes: " + body);
                }
                Thread.sleep(100);
                HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(URI.create(PRIVACY + location))
                        .header("Authorization", "Bearer " + officer).build(), HttpResponse.BodyHandlers.ofString());
                body = found.body();
                status = found.statusCode() == 200 ? field(body, "status") : "";
            }
            double bulkSeconds = (System.nanoTime() - posted) / 1e9;
            double ownSeconds = Duration.between(Instant.parse(field(body, "receivedAt")), Instant.parse(field(body, "settledAt")))
                    .toMillis() / 1e3;
            String left = psql(CONTACTS_DB, "select count(*) from contact where id = any(" + uuids(a) + ")").strip() + " contacts, "
                    + psql(KNOWLEDGE_DB, "select count(*) from note where tenant_id = '" + ACME + "' and contact_id = any(" + uuids(a) + ")")
                    .strip() + " notes, "
                    + psql(KNOWLEDGE_DB, "select count(*) from conversation_participant where tenant_id = '" + ACME
                    + "' and contact_id = any(" + uuids(a) + ")").strip() + " conversations";
            System.out.printf("bulk erasure of A: %s in %.2f s from the POST (answered in %.2f s; %.2f s from its first batch's "
                    + "request to its last one settled); left: %s (load %s)%n", status, bulkSeconds, answered, ownSeconds, left, load());
            System.out.printf("owners' counts: %s%n", body.replaceAll(".*\"owners\":(\\{.*?\\}\\}).*", "$1"));
            System.out.printf("bulk erasure / raw DELETEs: %.2f (goal <= 2)%n", bulkSeconds / deleteSeconds);
            System.out.printf(Locale.ROOT, "BENCH|P1b|bulk erasure of %d contacts with notes and conversations vs raw DELETEs, s|%.2f|%.2f|%.2f|<= 2%n",
                    contacts, bulkSeconds, deleteSeconds, bulkSeconds / deleteSeconds);
        } finally {
            psql(CONTACTS_DB, "delete from contact where tenant_id = '" + ACME + "' and source = '" + SOURCE + "'");
            psql(KNOWLEDGE_DB, "delete from note where tenant_id = '" + ACME + "' and title like 'Bench bulk %';\n"
                    + "delete from conversation where tenant_id = '" + ACME + "' and agent = '" + SOURCE + "'");
        }
    }

    /**
     * {@code count} contacts of Acme (last name {@code label}), a note about each and a conversation each takes part in,
     * as the services write them (the knowledge subject index included); their ids.
     */
    static List<String> seed(String label, int count) throws IOException, InterruptedException {
        List<String> ids = Arrays.stream(psql(CONTACTS_DB, """
                insert into contact (tenant_id, id, first_name, last_name, email, email_index, phone, phone_index, source,
                                     lawful_basis, created_at, updated_at)
                select '%1$s', gen_random_uuid(), 'Bulk' || g, '%2$s', 'bulk.%2$s.' || g || '@example.com', %3$s,
                       '+3362' || lpad(g::text, 7, '0'), %4$s, '%5$s', 'CONTRACT', now(), now()
                from generate_series(1, %6$d) g returning id""".formatted(ACME, label,
                blindIndex("'e%s' || g".formatted(label)), blindIndex("'p%s' || g".formatted(label)), SOURCE, count))
                .strip().split("\n")).toList();
        psql(KNOWLEDGE_DB, """
                select from set_config('oubli.tenant_id', '%1$s', false);
                create temp table seeded as
                    select cast(id as uuid) as contact_id, gen_random_uuid() as note_id, gen_random_uuid() as conversation_id, n
                    from unnest(cast(%2$s as text[])) with ordinality as t(id, n);
                insert into note (tenant_id, id, contact_id, title, body, created_at, updated_at)
                    select '%1$s', note_id, contact_id, 'Bench bulk ' || n, 'Rappeler le client ' || n || ' lundi au sujet de '
                           || 'la facture et du contrat de livraison; the customer asked about a refund.', now(), now() from seeded;
                insert into subject_index (tenant_id, item_type, item_id, identifier_kind, identifier, role)
                    select '%1$s', 'NOTE', note_id, 'CONTACT', cast(contact_id as varchar), 'ABOUT' from seeded;
                insert into conversation (tenant_id, id, agent, channel, started_at, last_activity_at, created_at, updated_at)
                    select '%1$s', conversation_id, '%3$s', 'EMAIL', now(), now(), now(), now() from seeded;
                insert into conversation_participant (tenant_id, id, conversation_id, position, contact_id)
                    select '%1$s', gen_random_uuid(), conversation_id, 0, contact_id from seeded;
                insert into conversation_message (tenant_id, conversation_id, id, direction, sent_at, body)
                    select '%1$s', conversation_id, gen_random_uuid(), d, now(), 'Bonjour, merci pour votre message ' || n
                    from seeded, unnest(array['INBOUND', 'OUTBOUND']) d;
                insert into subject_index (tenant_id, item_type, item_id, identifier_kind, identifier, role)
                    select '%1$s', 'CONVERSATION', conversation_id, 'CONTACT', cast(contact_id as varchar), 'PARTICIPANT' from seeded;
                """.formatted(ACME, texts(ids), SOURCE));
        return ids;
    }

    /** Statements in one transaction, as Acme (the knowledge triggers' row-level security): their seconds, by psql. */
    static double timed(String database, String statements) {
        try {
            Matcher times = TIME.matcher(psql(database, "select from set_config('oubli.tenant_id', '" + ACME + "', false);\n"
                    + "\\timing on\nbegin;\n" + statements + "commit;\n"));
            double milliseconds = 0;
            StringBuilder each = new StringBuilder();
            while (times.find()) {
                milliseconds += Double.parseDouble(times.group(1));
                each.append(' ').append(times.group(1));
            }
            System.out.printf("  %s, each statement's ms (begin ... commit):%s%n", database, each);
            return milliseconds / 1e3;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static String uuids(List<String> ids) {
        return "cast(" + texts(ids) + " as uuid[])";
    }

    static String texts(List<String> ids) {
        return "'{" + String.join(",", ids) + "}'";
    }

    /** A blind index's shape: 43 base64url characters of a SHA-256, from a SQL text expression. */
    static String blindIndex(String expression) {
        return "translate(rtrim(encode(sha256(convert_to(" + expression + ", 'UTF8')), 'base64'), '='), '+/', '-_')";
    }

    static String field(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"([^\"]+)\"").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return value.group(1);
    }

    static String token(String user) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(KEYCLOAK + "/realms/oubli/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=oubli-cli&username=" + user
                        + "&password=oubli-demo")).build();
        Matcher found = Pattern.compile("\"access_token\":\"([^\"]+)\"").matcher(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        if (!found.find()) {
            throw new IllegalStateException("no token from Keycloak: is ./dev up running?");
        }
        return found.group(1);
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

    static String load() {
        try {
            return String.join(" ", Arrays.asList(Files.readString(Path.of("/proc/loadavg")).split(" ")).subList(0, 3));
        } catch (IOException e) {
            return "unknown";
        }
    }

    static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
