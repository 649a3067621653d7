package dev.oubli.privacy.consent;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ConsentsImported;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** Consents granted by a contacts import reach the ledger, one change per row and channel with its proof (ADR 0036). */
@QuarkusTest
class ImportedConsentListenerTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();
    static final Instant COLLECTED = Instant.parse("2026-01-15T00:00:00Z");

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    static String email() {
        return "imported+" + UUID.randomUUID() + "@example.com";
    }

    SubjectRef subject(String email, UUID contact) {
        return new SubjectRef(List.of(contact), List.of(subjectIndex.email(tenant, email).value()), List.of());
    }

    ConsentsImported imported(UUID importId, ConsentsImported.ImportedConsent... rows) {
        return new ConsentsImported(importId, "MARKETING", List.of(ContactChannel.EMAIL, ContactChannel.SMS), COLLECTED,
                "v3", "newsletter form", "importer-7", List.of(rows), Instant.now());
    }

    void publish(ConsentsImported event) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.CONTACTS_CONSENT_IMPORTS,
                event.importId().toString(), UUID.randomUUID(), EventType.CONSENTS_IMPORTED.ceType(), "contacts-service",
                tenant, JSON.writeValueAsBytes(event)));
    }

    JsonPath consents(String email) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/consents/lookup").then().statusCode(200).extract().jsonPath();
    }

    ValidatableResponse check(String email) {
        return given().auth().oauth2(TestTokens.forClient(tenant, "emile", "agent")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\""
                        + email + "\"},\"plannedAt\":\"2026-03-02T10:00:00Z\"}")
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    @Test
    void anImportedOptInIsRecordedPerRowWithItsProofAndTheCheckAllowsIt() throws Exception {
        String email = email();
        UUID contact = UUID.randomUUID();
        UUID importId = UUID.randomUUID();
        check(email).body("reason", equalTo("NO_CONSENT"));

        publish(imported(importId, new ConsentsImported.ImportedConsent(7, subject(email, contact))));

        JsonPath ledger = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> consents(email), found -> found.getList("history").size() == 2);
        assertThat(ledger.getList("history.channel")).containsExactlyInAnyOrder("EMAIL", "SMS");
        assertThat(ledger.getList("history.state")).containsOnly("GRANTED");
        assertThat(ledger.getList("history.source")).containsOnly("IMPORT");
        assertThat(ledger.getList("history.contactId")).containsOnly(contact.toString());
        assertThat(ledger.getList("history.proof.textVersion")).containsOnly("v3");
        assertThat(ledger.getList("history.proof.collectedAt")).containsOnly("2026-01-15T00:00:00Z");
        assertThat(ledger.getList("history.proof.externalReference"))
                .containsOnly("import " + importId + " row 7: newsletter form");
        assertThat(ledger.getList("history.recordedBy.id")).containsOnly("importer-7");
        check(email).body("decision", equalTo("ALLOWED"));
    }

    @Test
    void theSameRowsImportedAgainAddNothingToTheLedger() throws Exception {
        String email = email();
        UUID contact = UUID.randomUUID();
        ConsentsImported first = imported(UUID.randomUUID(), new ConsentsImported.ImportedConsent(2, subject(email, contact)));
        publish(first);
        await().atMost(Duration.ofSeconds(60)).until(() -> consents(email).getList("history").size() == 2);

        publish(first); // redelivered under a new event id
        // the same key keeps one partition: once the marker row of the same import is in, the redelivery was applied
        String marker = email();
        publish(imported(first.importId(), new ConsentsImported.ImportedConsent(9, subject(marker, UUID.randomUUID()))));
        // the file again, as another import, with a row of its own to wait for
        String again = email();
        publish(imported(UUID.randomUUID(), new ConsentsImported.ImportedConsent(5, subject(email, contact)),
                new ConsentsImported.ImportedConsent(6, subject(again, UUID.randomUUID()))));
        await().atMost(Duration.ofSeconds(60)).until(() -> consents(marker).getList("history").size() == 2
                && consents(again).getList("history").size() == 2);

        assertThat(consents(email).getList("history")).hasSize(2);
    }

    @Test
    void aSuppressedAddressNeverComesBackOptedInAndTheOtherRowsStillLand() throws Exception {
        String suppressed = email();
        String fresh = email();
        given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body("{\"subject\":{\"email\":\"" + suppressed + "\"},\"reason\":\"REQUESTED\"}")
                .when().post("/api/suppressions").then().statusCode(200);

        publish(imported(UUID.randomUUID(), new ConsentsImported.ImportedConsent(2, subject(suppressed, UUID.randomUUID())),
                new ConsentsImported.ImportedConsent(3, subject(fresh, UUID.randomUUID()))));

        await().atMost(Duration.ofSeconds(60)).until(() -> consents(fresh).getList("history").size() == 2);
        assertThat(consents(suppressed).getList("history")).isEmpty();
        check(suppressed).body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
    }
}
