package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.sealing.CorrectionSealing;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

/** Every request type through its lifecycle, duplicates, the watchdog and staff decisions, with test owners on the real Kafka. */
@QuarkusTest
class RequestEngineTest {

    static final String A = "test-owner-a";
    static final String B = "test-owner-b";
    /** Receipts share the topic with every other test run on this platform: the consumer may first catch up. */
    static final Duration RECEIPTS = Duration.ofSeconds(90);

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    CorrectionSealing sealing;

    @Inject
    RequestWatchdog watchdog;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    TestOwner owners;

    @BeforeEach
    void startOwners() {
        owners = new TestOwner(bootstrapServers, tenant);
    }

    @AfterEach
    void stopOwners() {
        owners.close();
    }

    @ParameterizedTest
    @EnumSource(RequestType.class)
    void takesEveryRequestTypeFromReceiptToCompletionOnceEveryOwnerDueHasAnswered(RequestType type) throws Exception {
        String corrections = type == RequestType.RECTIFICATION ? ",\"corrections\":{\"lastName\":\"Byron\",\"email\":\"ada@new.example\"}" : "";
        UUID id = accepted(submit("{\"type\":\"" + type + "\",\"subject\":{\"contactIds\":[\"" + UUID.randomUUID() + "\"]}" + corrections + "}"));
        List<String> due = type == RequestType.ACCESS || type == RequestType.ERASURE ? List.of(A, B) : List.of(A);
        show(id).body("status", equalTo("IN_PROGRESS"))
                .body("tasks.owner", equalTo(due))
                .body("publishAttempts", equalTo(1))
                .body("dueOn", equalTo(LocalDate.now(ZoneOffset.UTC).plusMonths(1).toString()));

        ConsumerRecord<String, byte[]> record = owners.awaitRecord(id, 1);
        PrivacyRequestSubmitted event = TestOwner.read(record);
        assertThat(event.requestType()).isEqualTo(type);
        assertThat(event.exportPublicKey() != null).isEqualTo(type == RequestType.ACCESS || type == RequestType.PORTABILITY);
        if (type == RequestType.RECTIFICATION) {
            assertThat(sealing.open(tenant, id, event.corrections())).containsExactlyInAnyOrderEntriesOf(
                    Map.of("lastName", "Byron", "email", "ada@new.example"));
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("Byron", "ada@new");
            assertThat(sealedCorrections(id)).isNotNull();
        } else {
            assertThat(event.corrections()).isNull();
        }

        for (int i = 0; i < due.size() - 1; i++) {
            owners.complete(id, due.get(i), type, Map.of("changed", 1L));
        }
        if (due.size() > 1) {
            await().atMost(RECEIPTS).untilAsserted(() -> show(id).body("tasks[0].status", equalTo("COMPLETED")));
            show(id).body("status", equalTo("IN_PROGRESS")).body("completedAt", nullValue());
        }
        owners.complete(id, due.get(due.size() - 1), type, Map.of("changed", 2L));

        await().atMost(RECEIPTS).untilAsserted(() -> show(id)
                .body("status", equalTo("COMPLETED"))
                .body("completedAt", not(nullValue()))
                .body("tasks.status", equalTo(due.stream().map(owner -> "COMPLETED").toList())));
        // Needed only while the owners might be asked again.
        assertThat(sealedCorrections(id)).isNull();
        // The ledger acts on a corrected email by itself (docs/adr/0047), in its own time: not an owner due here.
        if (type == RequestType.RECTIFICATION) {
            await().atMost(RECEIPTS).untilAsserted(() -> given().auth().oauth2(officer()).when()
                    .get("/api/audit-events?requestId=" + id + "&action=LEDGER_RECTIFIED").then().statusCode(200)
                    .body("items.size()", equalTo(1)));
        }
        List<String> trail = given().auth().oauth2(officer()).when().get("/api/audit-events?requestId=" + id).then()
                .statusCode(200).extract().path("items.action");
        assertThat(trail.stream().filter(action -> !action.equals("LEDGER_RECTIFIED")).toList())
                .isEqualTo(auditTrail(type, due.size()));
    }

    static List<String> auditTrail(RequestType type, int owners) {
        List<String> trail = new java.util.ArrayList<>(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "REQUEST_PUBLISHED"));
        for (int i = 0; i < owners; i++) {
            trail.add("RECEIPT_RECORDED");
        }
        trail.add("STATUS_CHANGED");
        if (type == RequestType.ERASURE) {
            trail.add("CERTIFICATE_ISSUED");
        }
        if (type == RequestType.ACCESS || type == RequestType.PORTABILITY) {
            trail.add("EXPORT_ASSEMBLED");
        }
        return trail;
    }

    @Test
    void isPartiallyCompletedWhenAnOwnerFailsAndShowsWhichOwnerAndWhy() throws Exception {
        UUID id = accepted(submit(erasure(UUID.randomUUID())));
        owners.await(id, 1);

        owners.complete(id, A, RequestType.ERASURE, Map.of("erased", 2L));
        owners.fail(id, B, RequestType.ERASURE, TaskFailureReason.OWNER_ERROR);

        await().atMost(RECEIPTS).untilAsserted(() -> show(id)
                .body("status", equalTo("PARTIALLY_COMPLETED"))
                .body("tasks.find { it.owner == 'test-owner-b' }.status", equalTo("FAILED"))
                .body("tasks.find { it.owner == 'test-owner-b' }.failureReason", equalTo("OWNER_ERROR"))
                .body("tasks.find { it.owner == 'test-owner-a' }.counts.erased", equalTo(2)));
        // A partial erasure is certified too, saying which owner failed (docs/adr/0041).
        given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + id + "/certificate").then().statusCode(200)
                .body("document", org.hamcrest.Matchers.containsString("PARTIALLY_COMPLETED"));
    }

    @Test
    void recordsAnIdenticalRequestAsADuplicateOfTheOpenOneWithoutFanningOutAgain() throws Exception {
        UUID contact = UUID.randomUUID();
        UUID first = accepted(submit(erasure(contact)));
        owners.await(first, 1);

        Response again = submit(erasure(contact));
        again.then().statusCode(202).body("status", equalTo("REJECTED")).body("duplicateOf", equalTo(first.toString()));
        UUID duplicate = UUID.fromString(again.path("id"));

        show(duplicate).body("closingReason", equalTo("DUPLICATE"))
                .body("duplicateOf", equalTo(first.toString()))
                .body("tasks", empty())
                .body("publishAttempts", equalTo(0));
        assertThat(outboxEventsOf(duplicate)).isZero();
        assertThat(outboxEventsOf(first)).isEqualTo(1);
        assertThat(owners.eventsOf(duplicate, Duration.ofSeconds(2))).isEmpty();
        assertThat(owners.eventsOf(first, Duration.ZERO)).hasSize(1);

        // Another type, or the same type once the first is settled, is a request of its own.
        submit(objection(contact)).then().statusCode(202).body("status", equalTo("IN_PROGRESS"));
        owners.complete(first, A, RequestType.ERASURE, Map.of());
        owners.complete(first, B, RequestType.ERASURE, Map.of());
        await().atMost(RECEIPTS).untilAsserted(() -> show(first).body("status", equalTo("COMPLETED")));
        submit(erasure(contact)).then().statusCode(202).body("status", equalTo("IN_PROGRESS")).body("duplicateOf", nullValue());
    }

    @Test
    void republishesARequestWhoseOwnerNeverAnswersThenFailsItsTaskVisibly() throws Throwable {
        UUID id = accepted(submit(objection(UUID.randomUUID())));
        ConsumerRecord<String, byte[]> first = owners.awaitRecord(id, 1);
        Instant now = Instant.now();

        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plusSeconds(60)));
        show(id).body("publishAttempts", equalTo(1)).body("status", equalTo("IN_PROGRESS"));

        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofHours(2))));
        ConsumerRecord<String, byte[]> second = owners.awaitRecord(id, 2);
        assertThat(TestOwner.ceId(second)).isNotEqualTo(TestOwner.ceId(first));
        assertThat(TestOwner.read(second)).isEqualTo(TestOwner.read(first).nextAttempt());
        show(id).body("publishAttempts", equalTo(2)).body("status", equalTo("IN_PROGRESS"));

        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofHours(4))));
        owners.awaitRecord(id, 3);
        double failedBefore = metric("oubli_privacy_watchdog_tasks_failed_total");

        // max-attempts is 3 in tests: the next late check gives up on the silent owner.
        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofHours(6))));
        show(id).body("status", equalTo("FAILED"))
                .body("closingReason", equalTo("RECEIPTS_OVERDUE"))
                .body("publishAttempts", equalTo(3))
                .body("tasks[0].owner", equalTo(A))
                .body("tasks[0].status", equalTo("FAILED"))
                .body("tasks[0].failureReason", equalTo("NO_RECEIPT"));
        assertThat(metric("oubli_privacy_watchdog_tasks_failed_total")).isEqualTo(failedBefore + 1);
        assertThat(metric("oubli_privacy_watchdog_republished_total")).isGreaterThanOrEqualTo(2);
        assertThat(owners.eventsOf(id, Duration.ofSeconds(1))).hasSize(3);
    }

    @Test
    void republishesARequestWhoseReceiptWasLostWithinMinutesThenWaitsTwiceAsLong() throws Throwable {
        UUID id = accepted(submit(objection(UUID.randomUUID())));
        owners.awaitRecord(id, 1);
        Instant now = Instant.now();

        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofMinutes(4))));
        show(id).body("publishAttempts", equalTo(1));
        // receipt-timeout is 5 minutes after the first publication...
        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofMinutes(6))));
        owners.awaitRecord(id, 2);
        show(id).body("publishAttempts", equalTo(2)).body("status", equalTo("IN_PROGRESS"));
        // ... and 10 after the second.
        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofMinutes(6 + 9))));
        show(id).body("publishAttempts", equalTo(2));
        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofMinutes(6 + 11))));
        owners.awaitRecord(id, 3);
        show(id).body("publishAttempts", equalTo(3));
    }

    @Test
    void aLateRequestTheWatchdogCannotHandleIsCountedAndTheOthersAreStillRepublished() throws Throwable {
        UUID poisoned = accepted(submit(objection(UUID.randomUUID())));
        UUID healthy = accepted(submit(objection(UUID.randomUUID())));
        owners.awaitRecord(healthy, 1);
        Instant now = Instant.now();
        double failedBefore = metric("oubli_privacy_watchdog_failed_total");

        // The first late request of the run fails in the database, as a poison row would.
        try (Connection c = owner.getConnection(); Statement ddl = c.createStatement()) {
            ddl.execute("create or replace function test_refuse_update() returns trigger language plpgsql as "
                    + "$$ begin raise exception 'refused by the test'; end $$");
            ddl.execute("create trigger test_refuse_update before update on privacy_request for each row when (old.id = '"
                    + poisoned + "') execute function test_refuse_update()");
            try {
                VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofHours(2))));
            } finally {
                ddl.execute("drop trigger if exists test_refuse_update on privacy_request");
                ddl.execute("drop function if exists test_refuse_update()");
            }
        }

        show(poisoned).body("publishAttempts", equalTo(1));
        show(healthy).body("publishAttempts", equalTo(2));
        owners.awaitRecord(healthy, 2);
        assertThat(metric("oubli_privacy_watchdog_failed_total")).isEqualTo(failedBefore + 1);

        // At the next run, the request that failed is watched again.
        VertxContextSupport.subscribeAndAwait(() -> watchdog.watchTenant(new TenantId(tenant), now.plus(Duration.ofHours(2))));
        show(poisoned).body("publishAttempts", equalTo(2));
    }

    @Test
    void cancelsAndRejectsWithAReasonAndAnswers409ToAnIllegalTransition() throws Exception {
        UUID inProgress = accepted(submit(objection(UUID.randomUUID())));

        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"MANIFESTLY_UNFOUNDED\"}")
                .when().post("/api/privacy-requests/" + inProgress + "/rejection")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/illegal-transition"))
                .body("detail", equalTo("A privacy request that is IN_PROGRESS cannot become REJECTED."));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"MANIFESTLY_UNFOUNDED\"}")
                .when().post("/api/privacy-requests/" + inProgress + "/cancellation")
                .then().statusCode(400).body("detail", containsString("WITHDRAWN"));

        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"WITHDRAWN\"}")
                .when().post("/api/privacy-requests/" + inProgress + "/cancellation")
                .then().statusCode(200).body("status", equalTo("CANCELLED")).body("closingReason", equalTo("WITHDRAWN"))
                .body("completedAt", not(nullValue()));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"WITHDRAWN\"}")
                .when().post("/api/privacy-requests/" + inProgress + "/cancellation")
                .then().statusCode(409).body("type", equalTo("https://oubli.dev/problems/illegal-transition"));
        // A late receipt changes nothing.
        owners.complete(inProgress, A, RequestType.OBJECTION, Map.of());
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType(ContentType.JSON).body("{\"reason\":\"WITHDRAWN\"}")
                .when().post("/api/privacy-requests/" + inProgress + "/cancellation").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"WITHDRAWN\"}").when().post("/api/privacy-requests/" + inProgress + "/cancellation").then().statusCode(404);
        show(inProgress).body("status", equalTo("CANCELLED"));
    }

    @Test
    void extendsTheDeadlineOnceByAtMostTwoMonthsWithAReason() {
        UUID id = accepted(submit(objection(UUID.randomUUID())));
        LocalDate original = LocalDate.now(ZoneOffset.UTC).plusMonths(1);

        extend(id, "{\"months\":3,\"reason\":\"Many requests\"}").statusCode(400);
        extend(id, "{\"months\":2}").statusCode(400).body("detail", containsString("REASON_REQUIRED"));
        extend(id, "{\"months\":2,\"reason\":\"Complex: five systems to search\"}").statusCode(200)
                .body("dueOn", equalTo(original.plusMonths(2).toString()))
                .body("originalDueOn", equalTo(original.toString()))
                .body("extension.months", equalTo(2))
                .body("extension.reason", equalTo("Complex: five systems to search"));
        extend(id, "{\"months\":1,\"reason\":\"Again\"}").statusCode(409)
                .body("type", equalTo("https://oubli.dev/problems/extension-refused"))
                .body("detail", containsString("ALREADY_EXTENDED"));
        given().auth().oauth2(officer()).when().get("/api/audit-events?action=DEADLINE_EXTENDED&requestId=" + id).then()
                .body("items", hasSize(1))
                .body("items[0].details.months", equalTo(2))
                // Staff's free text never goes into the audit log.
                .body(not(containsString("five systems")));
    }

    @Test
    void refusesAnExtensionAskedAfterTheOriginalDueDate() throws SQLException {
        UUID id = accepted(submit(objection(UUID.randomUUID())));
        LocalDate receivedOn = LocalDate.now(ZoneOffset.UTC).minusMonths(2);
        TenantSql.execute(owner, tenant, "update privacy_request set received_on = ?, due_on = ? where id = ?",
                receivedOn, receivedOn.plusMonths(1), id);

        show(id).body("overdue", equalTo(true));
        extend(id, "{\"months\":1,\"reason\":\"Late\"}").statusCode(409).body("detail", containsString("TOO_LATE"));
    }

    // --- helpers

    ValidatableResponse extend(UUID id, String body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body)
                .when().post("/api/privacy-requests/" + id + "/extension").then();
    }

    String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    Response submit(String body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body).when().post("/api/privacy-requests");
    }

    static UUID accepted(Response response) {
        return UUID.fromString(response.then().statusCode(202).extract().path("id"));
    }

    static String erasure(UUID contact) {
        return "{\"type\":\"ERASURE\",\"subject\":{\"contactIds\":[\"" + contact + "\"]}}";
    }

    static String objection(UUID contact) {
        return "{\"type\":\"OBJECTION\",\"subject\":{\"contactIds\":[\"" + contact + "\"]}}";
    }

    ValidatableResponse show(UUID id) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/privacy-requests/" + id).then().statusCode(200);
    }

    static double metric(String name) {
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    String sealedCorrections(UUID id) throws SQLException {
        return single("select sealed_corrections from privacy_request where id = ?", id);
    }

    /** The request's publications (this service's ledger also answers requests, with receipts of the same key). */
    long outboxEventsOf(UUID id) throws SQLException {
        return Long.parseLong(single("select count(*)::text from outbox_event where message_key = ? and topic = 'privacy.requests.v1'",
                id.toString()));
    }

    String single(String sql, Object parameter) throws SQLException {
        try (Connection c = owner.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = c.prepareStatement(sql)) {
                query.setObject(1, parameter);
                try (ResultSet rows = query.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    String value = rows.getString(1);
                    c.commit();
                    return value;
                }
            }
        }
    }
}
