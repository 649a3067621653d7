package dev.oubli.contacts.contact;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ContactErasureRequested;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Deleting a contact erases the person: it asks privacy-service for an ERASURE request (docs/adr/0035). */
@QuarkusTest
class ContactErasureRequestTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();
    final String editor = TestTokens.forTenant(tenant, "contacts-editor");

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> erasures;

    @BeforeEach
    void readFromNowOn() {
        erasures = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.CONTACTS_ERASURE_REQUESTS);
    }

    @AfterEach
    void close() {
        erasures.close();
    }

    String create(String body) {
        return given().auth().oauth2(editor).contentType("application/json").body(body).when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");
    }

    @Test
    void deletingAContactAnswers202WithTheErasureRequestAndPublishesItsIdAndIndexes() throws Exception {
        String id = create("{\"firstName\":\"Ada\",\"email\":\"ada.erased@example.com\",\"phone\":\"+33 6 12 34 56 79\"}");

        ExtractableResponse<Response> answer = given().auth().oauth2(editor).when().delete("/api/contacts/" + id)
                .then().statusCode(202).extract();

        String request = answer.path("privacyRequestId");
        assertThat(answer.header("Location")).isEqualTo("/api/privacy-requests/" + request);
        assertThat(answer.<String>path("contactId")).isEqualTo(id);
        ContactErasureRequested event = eventOf(UUID.fromString(id));
        assertThat(event.requestId()).isEqualTo(UUID.fromString(request));
        assertThat(event.subject().contactIds()).containsExactly(UUID.fromString(id));
        assertThat(event.subject().emailIndexes()).containsExactly(subjectIndex.email(tenant, "ada.erased@example.com").value());
        assertThat(event.subject().phoneIndexes()).containsExactly(subjectIndex.phoneE164(tenant, "+33612345679").value());
        assertThat(event.requestedBy()).isEqualTo(subjectOf(editor));
        // The contact is gone at once; its erasure task still counts it (PrivacyRequestListenerTest).
        given().auth().oauth2(editor).when().get("/api/contacts/" + id).then().statusCode(404);
    }

    @Test
    void anUnknownScopeIsABadRequestAndAnotherTenantsContactIsNotFound() {
        String id = create("{\"firstName\":\"Kept\"}");
        given().auth().oauth2(editor).queryParam("scope", "everything").when().delete("/api/contacts/" + id)
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "contacts-editor")).when().delete("/api/contacts/" + id)
                .then().statusCode(404).contentType("application/problem+json");
        given().auth().oauth2(editor).when().get("/api/contacts/" + id).then().statusCode(200);
    }

    private ContactErasureRequested eventOf(UUID contact) throws Exception {
        List<ContactErasureRequested> found = new ArrayList<>();
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline) && found.isEmpty()) {
            for (ConsumerRecord<String, byte[]> record : erasures.poll(Duration.ofMillis(200))) {
                if (contact.toString().equals(record.key())) {
                    assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                            .isEqualTo(EventType.CONTACT_ERASURE_REQUESTED.ceType());
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("example.com").doesNotContain("Ada");
                    found.add(JSON.readValue(record.value(), ContactErasureRequested.class));
                }
            }
        }
        assertThat(found).as("erasure requests of contact " + contact).hasSize(1);
        return found.get(0);
    }

    private static String subjectOf(String token) throws Exception {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return claims.get("sub").asText();
    }
}
