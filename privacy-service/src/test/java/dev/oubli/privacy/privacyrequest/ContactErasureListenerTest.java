package dev.oubli.privacy.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ContactErasureRequested;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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

/** A contact deleted in contacts-service becomes an ERASURE request like any other (docs/adr/0035). */
@QuarkusTest
class ContactErasureListenerTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    void publish(ContactErasureRequested event) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.CONTACTS_ERASURE_REQUESTS,
                event.contactId().toString(), UUID.randomUUID(), EventType.CONTACT_ERASURE_REQUESTED.ceType(), "contacts-service",
                tenant, JSON.writeValueAsBytes(event)));
    }

    ContactErasureRequested deleted(UUID contact, String email) {
        return new ContactErasureRequested(UUID.randomUUID(), contact,
                new SubjectRef(List.of(contact), List.of(subjectIndex.email(tenant, email).value()), List.of()), "editor-42",
                Instant.now());
    }

    JsonPath audit(UUID request) {
        return given().auth().oauth2(officer()).queryParam("requestId", request).queryParam("action", "REQUEST_RECEIVED")
                .when().get("/api/audit-events").then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aDeletedContactOpensAnAuditedErasureRequestSentToEveryOwnerWithItsIdAndIndexes() throws Exception {
        UUID contact = UUID.randomUUID();
        ContactErasureRequested event = deleted(contact, "deleted+" + UUID.randomUUID() + "@example.com");
        try (TestOwner owner = new TestOwner(bootstrapServers, tenant)) {
            publish(event);

            PrivacyRequestSubmitted sent = owner.await(event.requestId(), 1);
            assertThat(sent.requestType()).isEqualTo(RequestType.ERASURE);
            assertThat(sent.subject()).isEqualTo(event.subject());
        }
        JsonPath request = given().auth().oauth2(officer()).when().get("/api/privacy-requests/" + event.requestId())
                .then().statusCode(200).extract().jsonPath();
        assertThat(request.getString("type")).isEqualTo("ERASURE");
        assertThat(request.getString("status")).isEqualTo("IN_PROGRESS");
        assertThat(request.getList("tasks.owner")).containsExactlyInAnyOrder("test-owner-a", "test-owner-b");
        JsonPath received = audit(event.requestId());
        assertThat(received.getList("items")).hasSize(1);
        assertThat(received.getString("items[0].details.origin")).isEqualTo("contact-deletion");
        assertThat(received.getString("items[0].details.contactId")).isEqualTo(contact.toString());
        assertThat(received.getString("items[0].details.requestedBy")).isEqualTo("editor-42");
    }

    @Test
    void theSameDeletionDeliveredAgainOpensNoSecondRequest() throws Exception {
        ContactErasureRequested event = deleted(UUID.randomUUID(), "again+" + UUID.randomUUID() + "@example.com");
        publish(event);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(officer())
                .when().get("/api/privacy-requests/" + event.requestId()).then().extract().statusCode() == 200);

        publish(event);
        // Same key, same partition: once a later deletion is in, the redelivery was applied before it.
        ContactErasureRequested later = new ContactErasureRequested(UUID.randomUUID(), event.contactId(),
                new SubjectRef(List.of(event.contactId()), List.of(), List.of()), "editor-42", Instant.now());
        publish(later);
        await().atMost(Duration.ofSeconds(30)).until(() -> given().auth().oauth2(officer())
                .when().get("/api/privacy-requests/" + later.requestId()).then().extract().statusCode() == 200);

        assertThat(audit(event.requestId()).getList("items")).hasSize(1);
        assertThat(given().auth().oauth2(officer()).queryParam("type", "ERASURE").when().get("/api/privacy-requests")
                .then().statusCode(200).extract().jsonPath().getList("items")).hasSize(2);
    }
}
