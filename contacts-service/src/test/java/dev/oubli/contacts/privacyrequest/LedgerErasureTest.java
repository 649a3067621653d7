package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.outbox.ErasureLedgerReplay;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.hasItems;

/**
 * The ledger of erasures read again (docs/adr/0052), over the real Kafka and PostgreSQL: an erasure this database does
 * not record as applied (as after the restore of an older backup) is applied; one it records is not, so a person who
 * came back afterwards stays.
 */
@QuarkusTest
class LedgerErasureTest {

    private static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    ErasureLedgerReplay replay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void appliesAgainAnErasureTheDataDoesNotRecordAndOnlyOnce() throws Exception {
        String byEmail = create("{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        String byId = create("{\"firstName\":\"Augusta\"}");
        String someoneElse = create("{\"firstName\":\"Grace\",\"email\":\"grace@example.com\"}");
        UUID requestId = UUID.randomUUID();
        toTheLedger(new PrivacyRequestSubmitted(requestId, RequestType.ERASURE,
                new SubjectRef(List.of(UUID.fromString(byId)), List.of(subjectIndex.email(tenant, "ada@example.com").value()), List.of()),
                1, null, null, Instant.now()));

        assertThat(replay.replay()).as("erasures applied again").isGreaterThanOrEqualTo(1);
        status(byEmail, 404);
        status(byId, 404);
        status(someoneElse, 200);

        // Ada comes back, lawfully, after her erasure: reading the whole ledger again (the position rewound, as a restore
        // of a backup without it does) leaves her, the erasure being recorded as applied.
        String adaAgain = create("{\"firstName\":\"Ada again\",\"email\":\"ada@example.com\"}");
        forgetThePosition();
        long before = erasuresRead();
        replay.replay();
        assertThat(erasuresRead() - before).as("erasures read by a pass from the ledger's beginning").isPositive();
        status(adaAgain, 200);
        assertThat(replay.done()).as("ready once the ledger was read at start-up").isTrue();
    }

    @Test
    void anOrdinaryPassReadsOnlyTheErasuresRecordedSinceTheLastOne() throws Exception {
        String ada = create("{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        String grace = create("{\"firstName\":\"Grace\",\"email\":\"grace@example.com\"}");
        toTheLedger(erasureOf("ada@example.com"));
        replay.replay();
        status(ada, 404);
        long before = erasuresRead();
        toTheLedger(erasureOf("grace@example.com"));

        replay.replay();
        assertThat(erasuresRead() - before).as("erasures read by the second pass: only the one recorded since the first").isEqualTo(1);
        status(grace, 404);
    }

    private PrivacyRequestSubmitted erasureOf(String email) {
        return new PrivacyRequestSubmitted(UUID.randomUUID(), RequestType.ERASURE,
                new SubjectRef(List.of(), List.of(subjectIndex.email(tenant, email).value()), List.of()), 1, null, null, Instant.now());
    }

    private static long erasuresRead() {
        return given().when().get("/q/health/ready").then().extract().jsonPath()
                .getLong("checks.find { it.name == 'erasure-ledger' }.data.read");
    }

    /** What a restore of a backup taken before the first pass does to the stored position (docs/adr/0060). */
    private static void forgetThePosition() throws Exception {
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (Statement statement = app.createStatement()) {
                statement.execute("select set_config('oubli.erasure_ledger', 'on', true)");
                assertThat(statement.executeUpdate("delete from erasure_ledger_position")).as("stored positions").isPositive();
            }
            app.commit();
        }
    }

    @Test
    void leavesAnErasureThePrivacyRequestAlreadyAppliedAlone() throws Exception {
        String ada = create("{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}");
        UUID requestId = UUID.randomUUID();
        PrivacyRequestSubmitted erasure = new PrivacyRequestSubmitted(requestId, RequestType.ERASURE,
                new SubjectRef(List.of(), List.of(subjectIndex.email(tenant, "ada@example.com").value()), List.of()), 1, null, null, Instant.now());
        // The ordinary path: privacy.requests.v1, applied and recorded with its receipt.
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(requestId),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, JSON.writeValueAsBytes(erasure)));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).pollInterval(java.time.Duration.ofMillis(200))
                .until(() -> given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).get("/api/contacts/" + ada).statusCode() == 404);
        String adaAgain = create("{\"firstName\":\"Ada again\",\"email\":\"ada@example.com\"}");
        toTheLedger(erasure);

        replay.replay();
        status(adaAgain, 200);
        given().when().get("/q/health/ready").then().body("checks.name", hasItems("erasure-ledger"));
    }

    private void toTheLedger(PrivacyRequestSubmitted erasure) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_ERASURE_LEDGER, Topics.requestKey(erasure.requestId()),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, JSON.writeValueAsBytes(erasure)));
    }

    private String create(String body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor"))
                .contentType("application/json").body(body)
                .when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    private void status(String contact, int expected) {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/contacts/" + contact)
                .then().statusCode(expected);
    }
}
