package dev.oubli.contacts.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** A contact under an Art. 18 restriction cannot be edited until the restriction is lifted (ADR 0039), over the real Kafka. */
@QuarkusTest
class RestrictedContactTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> receipts;

    @BeforeEach
    void readFromNowOn() {
        receipts = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS);
    }

    @AfterEach
    void close() {
        receipts.close();
    }

    @Test
    void aRestrictedContactRefusesEditsWithAProblemUntilARestrictionLiftMakesItEditableAgain() throws Exception {
        String contact = given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"firstName\":\"Ada\",\"email\":\"ada@example.com\"}")
                .when().post("/api/contacts").then().statusCode(201).extract().path("id");
        SubjectRef subject = new SubjectRef(List.of(UUID.fromString(contact)), List.of(), List.of());

        UUID restriction = UUID.randomUUID();
        publish(new PrivacyRequestSubmitted(restriction, RequestType.RESTRICTION, subject, 1, null, null, Instant.now()));
        assertThat(completed(restriction).counts()).containsEntry("restricted", 1L);

        patch(contact).then().statusCode(409)
                .body("type", containsString("contact-restricted"))
                .body("detail", containsString("restricted"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/contacts/" + contact)
                .then().statusCode(200).body("firstName", equalTo("Ada")).body("processingRestricted", equalTo(true));

        UUID lift = UUID.randomUUID();
        publish(new PrivacyRequestSubmitted(lift, RequestType.RESTRICTION_LIFT, subject, 1, null, null, Instant.now()));
        assertThat(completed(lift).counts()).containsEntry("restriction-lifted", 1L);

        patch(contact).then().statusCode(200).body("firstName", equalTo("Augusta")).body("processingRestricted", equalTo(false));
    }

    private io.restassured.response.Response patch(String contact) {
        return given().auth().oauth2(editor()).contentType("application/merge-patch+json").body("{\"firstName\":\"Augusta\"}")
                .when().patch("/api/contacts/" + contact);
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "contacts-editor");
    }

    private void publish(PrivacyRequestSubmitted request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS, Topics.requestKey(request.requestId()),
                UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(), "privacy-service", tenant, JSON.writeValueAsBytes(request)));
    }

    /** contacts-service's receipt of the request; a shared local broker may hold a backlog, hence the patience. */
    private TaskCompleted completed(UUID requestId) throws Exception {
        Instant deadline = Instant.now().plusSeconds(90);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : receipts.poll(Duration.ofMillis(200))) {
                String type = new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8);
                if (requestId.toString().equals(record.key()) && type.startsWith("dev.oubli.contacts.")) {
                    assertThat(type).isEqualTo(EventType.TASK_COMPLETED.ceType("contacts"));
                    return JSON.readValue(record.value(), TaskCompleted.class);
                }
            }
        }
        throw new AssertionError("no receipt of request " + requestId);
    }
}
