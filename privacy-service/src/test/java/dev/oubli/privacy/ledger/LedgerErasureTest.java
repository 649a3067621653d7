package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.outbox.ErasureLedgerReplay;
import dev.oubli.subjectindex.SubjectIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.JSON;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.TENANT;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.check;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.consent;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.consents;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.officer;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * privacy-service's part of an erasure read again from the ledger (docs/adr/0058), over the real Kafka and PostgreSQL:
 * an erasure its database does not record (as after the restore of a backup taken before it, which also lost the
 * request) erases the consent history and check evidence again, suppresses the subject again and leaves an audit
 * trace; one the ordinary path applied is not applied again, so a person who came back lawfully stays.
 */
@QuarkusTest
class LedgerErasureTest {

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    ErasureLedgerReplay replay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void anErasureTheRestoredDataDoesNotRecordIsAppliedAgainWithItsSuppressionAndATrace() throws Exception {
        String email = LedgerRequestListenerTest.email();
        String index = subjectIndex.email(TENANT, email).value();
        consent("{\"email\":\"" + email + "\"}", "EMAIL", "MARKETING");
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("decision", equalTo("ALLOWED"));
        PrivacyRequestSubmitted erasure = LedgerRequestListenerTest.request(RequestType.ERASURE,
                new SubjectRef(List.of(), List.of(index), List.of()), null);
        toTheLedger(erasure);

        assertThat(replay.replay()).as("erasures applied again").isPositive();
        consents(email).body("history", hasSize(0)).body("suppressed", equalTo(true));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/suppressions/check").then().body("entries[0].reason", equalTo("ERASED"));
        check("{\"email\":\"" + email + "\"}", "EMAIL").body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
        given().auth().oauth2(officer()).queryParam("requestId", erasure.requestId()).queryParam("action", "ERASURE_REAPPLIED")
                .when().get("/api/audit-events").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].details.consents-erased", equalTo(1));

        // Once recorded, never again: the suppression lifted and a new grant given, a second pass leaves them.
        lift(email);
        consent("{\"email\":\"" + email + "\"}", "EMAIL", "MARKETING");
        replay.replay();
        consents(email).body("history", hasSize(1)).body("suppressed", equalTo(false));
    }

    @Test
    void anErasureTheOrdinaryPathAppliedIsNotAppliedAgain() throws Exception {
        String email = LedgerRequestListenerTest.email();
        String index = subjectIndex.email(TENANT, email).value();
        PrivacyRequestSubmitted erasure = LedgerRequestListenerTest.request(RequestType.ERASURE,
                new SubjectRef(List.of(), List.of(index), List.of()), null);
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS,
                Topics.requestKey(erasure.requestId()), UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                "privacy-service", TENANT, JSON.writeValueAsBytes(erasure)));
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .untilAsserted(() -> consents(email).body("suppressed", equalTo(true)));
        // The person comes back, lawfully: the entry lifted, a new grant.
        lift(email);
        consent("{\"email\":\"" + email + "\"}", "EMAIL", "MARKETING");
        toTheLedger(erasure);

        replay.replay();
        consents(email).body("history", hasSize(1)).body("suppressed", equalTo(false));
        given().auth().oauth2(officer()).queryParam("requestId", erasure.requestId()).queryParam("action", "ERASURE_REAPPLIED")
                .when().get("/api/audit-events").then().statusCode(200).body("items", hasSize(0));
    }

    private void toTheLedger(PrivacyRequestSubmitted erasure) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_ERASURE_LEDGER,
                Topics.requestKey(erasure.requestId()), UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                "privacy-service", TENANT, JSON.writeValueAsBytes(erasure)));
    }

    private static void lift(String email) {
        String entry = given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/suppressions/check").then().statusCode(200).extract().path("entries[0].id").toString();
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"Came back: new contract signed\"}")
                .when().post("/api/suppressions/" + entry + "/lift").then().statusCode(200);
    }
}
