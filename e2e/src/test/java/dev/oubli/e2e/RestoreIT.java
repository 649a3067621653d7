package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static dev.oubli.e2e.ThroughGateway.as;
import static dev.oubli.e2e.ThroughGateway.awaitStatus;
import static dev.oubli.e2e.ThroughGateway.createdInKnowledge;
import static dev.oubli.e2e.ThroughGateway.submitted;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 22 item 4 (docs/adr/0052): create → backup → erase → restore → start ends with the person erased again. A
 * contact, a note about it and a consent; {@code ./dev backup} of the suite's databases; an erasure, COMPLETED; the
 * three services stopped, {@code ./dev restore}, started again: each reports ready only once its pass over the ledger of
 * erasures applied the erasure again, and then no table of any service database, read as the superuser, holds the
 * subject's contact id, note id or blind indexes (nor, in a plain dump, its name, email or phone).
 */
class RestoreIT {

    private static final Map<String, String> DATABASES = Map.of("contacts-service", "oubli_contacts_test",
            "knowledge-service", "oubli_knowledge_test", "privacy-service", "oubli_privacy_test");

    @Test
    void anErasureMadeAfterTheBackupIsAppliedAgainBeforeTheRestoredServicesAreReady() throws Exception {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\",\"phone\":\"" + subject.phoneNational() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        String note = createdInKnowledge("/api/notes", "{\"title\":\"Appel\",\"body\":\"Rappeler " + subject.firstName()
                + " lundi.\",\"contactId\":\"" + contact + "\"}");
        as("acme-privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + subject.email() + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"form-v1\"}}")
                .post("/api/consents").then().statusCode(201);
        List<String> needles = new ArrayList<>(List.of(contact, note));
        needles.addAll(List.of(Platform.psql("oubli_contacts_test",
                "select email_index || '|' || phone_index from contact where id = '" + contact + "'").strip().split("\\|")));
        assertThat(needles).hasSize(4).doesNotContain("");

        Path backup = Files.createTempDirectory("oubli-restore-it").resolve("backup");
        try {
            scenario(subject, contact, note, needles, backup);
        } finally { // a backup holds personal data
            try (var files = Files.walk(backup.getParent())) {
                for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
    }

    private static void scenario(ErasureIT.Subject subject, String contact, String note, List<String> needles, Path backup) throws Exception {
        dev("backup", backup.toString());
        // Everything is in the backup: the scans below can fail.
        Map<String, Long> before = rowsNaming(needles);
        assertThat(before).containsKeys("oubli_contacts_test.public.contact", "oubli_knowledge_test.public.note",
                "oubli_privacy_test.public.consent_change");

        String erasure = submitted("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(erasure, "COMPLETED");
        as("acme-contacts-editor").get("/api/contacts/" + contact).then().statusCode(404);

        for (String service : DATABASES.keySet()) {
            Suite.kill(service);
        }
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> "0".equals(Platform.psql("postgres",
                "select count(*) from pg_stat_activity where datname like 'oubli_%_test'").strip()));
        dev("restore", backup.toString());
        assertThat(rowsNaming(needles)).as("the restore brought the person back").containsKeys("oubli_contacts_test.public.contact",
                "oubli_knowledge_test.public.note", "oubli_privacy_test.public.consent_change");

        for (String service : DATABASES.keySet()) {
            Suite.restart(service); // returns once /q/health/ready answers 200
            JsonPath ready = JsonPath.from(given().baseUri(Suite.url(service).toString()).get("/q/health/ready").asString());
            System.out.printf("RestoreIT: %s ready, erasure ledger %s%n", service,
                    ready.getMap("checks.find { it.name == 'erasure-ledger' }.data"));
        }
        // Ready means the ledger pass is over: nothing of the person is left at that moment, without waiting, but the
        // suppression entries (privacy-service's list and contacts-service's copy, kept on purpose: an erased person is not
        // contacted again) and the keys of published events.
        Map<String, Long> after = rowsNaming(needles);
        System.out.println("RestoreIT: rows naming the subject after the restore: " + after);
        assertThat(after).as("rows naming the subject's ids or blind indexes").containsKey("oubli_privacy_test.public.suppression")
                .allSatisfy((table, rows) -> assertThat(table).matches(".*\\.public\\.(outbox_event|suppression)"));
        for (String service : DATABASES.keySet()) {
            JsonPath ready = JsonPath.from(given().baseUri(Suite.url(service).toString()).get("/q/health/ready").asString());
            // Each service's part may come back either way: its pass over the ledger applies it again, or, when its
            // consumer's offset was not yet committed at the kill, the request is delivered again and applied first (the
            // pass then finds it applied). Either way the pass read the ledger and the scans above find nothing left.
            assertThat(ready.getLong("checks.find { it.name == 'erasure-ledger' }.data.read")).as(service + " erasures read").isPositive();
            String dump = Platform.pgDump(DATABASES.get(service));
            for (String trace : subject.traces()) {
                assertThat(dump).as("pg_dump of " + DATABASES.get(service)).doesNotContain(trace);
            }
        }
        as("acme-contacts-editor").get("/api/contacts/" + contact).then().statusCode(404);
        as("acme-knowledge-editor").get("/api/notes/" + note).then().statusCode(404);
        // The erasure request went with the restore; its trace is privacy-service's record of its second application,
        // and the audit entry when the ledger pass was the one that applied it (not the request delivered again).
        String requestId = erasure.substring(erasure.lastIndexOf('/') + 1);
        as("acme-privacy-officer").get(erasure).then().statusCode(404);
        String fromLedger = Platform.psql("oubli_privacy_test", "select from_ledger from erasure_applied where request_id = '" + requestId + "'").strip();
        assertThat(fromLedger).as("privacy-service's record of the erasure applied again").isIn("t", "f");
        as("acme-privacy-officer").queryParam("requestId", requestId).queryParam("action", "ERASURE_REAPPLIED")
                .get("/api/audit-events").then().statusCode(200).body("items.size()", org.hamcrest.Matchers.equalTo("t".equals(fromLedger) ? 1 : 0));
        as("acme-privacy-officer").contentType("application/json").body("{\"email\":\"" + subject.email() + "\"}")
                .post("/api/suppressions/check").then().statusCode(200).body("entries[0].reason", org.hamcrest.Matchers.equalTo("ERASED"));
    }

    /** Per table of every service database ({@code db.schema.table}), the rows whose text holds one of the needles. */
    private static Map<String, Long> rowsNaming(List<String> needles) throws Exception {
        // Inside the literal given to format(): quotes doubled; strpos, not like (a blind index may hold '_').
        String pattern = String.join(" or ", needles.stream().map(needle -> "strpos(x::text, ''" + needle + "'') > 0").toList());
        Map<String, Long> found = new TreeMap<>();
        for (String database : DATABASES.values()) {
            String scan = Platform.psql(database, "select string_agg(format('select %L, count(*) from %I.%I x where " + pattern
                    + "', current_database() || '.' || table_schema || '.' || table_name, table_schema, table_name), ' union all ') "
                    + "from information_schema.tables where table_type = 'BASE TABLE' "
                    + "and table_schema not in ('pg_catalog', 'information_schema')").strip();
            for (String line : Platform.psql(database, "select * from (" + scan + ") counted (name, n) where n > 0").split("\n")) {
                if (!line.isBlank()) {
                    String[] cells = line.split("\\|");
                    found.put(cells[0], Long.parseLong(cells[1]));
                }
            }
        }
        return found;
    }

    /** {@code ./dev backup|restore <dir>} on the suite's databases. */
    private static void dev(String command, String directory) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(Suite.ROOT.resolve("dev").toString(), command, directory).inheritIO();
        builder.environment().put("OUBLI_CONTACTS_DB", DATABASES.get("contacts-service"));
        builder.environment().put("OUBLI_KNOWLEDGE_DB", DATABASES.get("knowledge-service"));
        builder.environment().put("OUBLI_PRIVACY_DB", DATABASES.get("privacy-service"));
        assertThat(builder.start().waitFor()).as("./dev " + command).isZero();
    }
}
