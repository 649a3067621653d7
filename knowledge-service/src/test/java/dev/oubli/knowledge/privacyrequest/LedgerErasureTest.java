package dev.oubli.knowledge.privacyrequest;

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
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * The ledger of erasures read again (docs/adr/0052), over the real Kafka and PostgreSQL: an erasure this database does
 * not record as handled (as after the restore of an older backup) is applied, once; the notes written afterwards stay.
 */
@QuarkusTest
class LedgerErasureTest {

    private static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final UUID contact = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @Inject
    ErasureLedgerReplay replay;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void appliesAgainAnErasureTheDataDoesNotRecordAndOnlyOnce() throws Exception {
        String about = note("Ada", "Cliente fidèle", contact);
        String mentioning = note("Suivi", "Écrire à ada@example.com demain.", null);
        String unrelated = note("Grace", "Écrire à grace@example.com.", null);
        toTheLedger(new PrivacyRequestSubmitted(UUID.randomUUID(), RequestType.ERASURE,
                new SubjectRef(List.of(contact), List.of(subjectIndex.email(tenant, "ada@example.com").value()), List.of()),
                1, null, null, Instant.now()));

        assertThat(replay.replay()).as("erasures applied again").isGreaterThanOrEqualTo(1);
        status(about, 404);
        given().auth().oauth2(viewer()).when().get("/api/notes/" + mentioning).then().statusCode(200)
                .body("body", equalTo("Écrire à [erased] demain."));
        status(unrelated, 200);

        // Written after the erasure, lawfully: reading the ledger again leaves it.
        String later = note("Ada", "Nouvelle cliente, accord écrit du 4 décembre", contact);
        replay.replay();
        status(later, 200);
    }

    private void toTheLedger(PrivacyRequestSubmitted erasure) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_ERASURE_LEDGER, Topics.requestKey(erasure.requestId()),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, JSON.writeValueAsBytes(erasure)));
    }

    private String note(String title, String body, UUID about) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType("application/json")
                .body(about == null ? Map.of("title", title, "body", body) : Map.of("title", title, "body", body, "contactId", about.toString()))
                .when().post("/api/notes").then().statusCode(201).extract().path("id");
    }

    private void status(String note, int expected) {
        given().auth().oauth2(viewer()).when().get("/api/notes/" + note).then().statusCode(expected);
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}
