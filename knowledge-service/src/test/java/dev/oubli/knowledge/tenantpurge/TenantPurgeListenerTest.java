package dev.oubli.knowledge.tenantpurge;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.TenantPurgeRequested;
import dev.oubli.events.TenantPurged;
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
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** knowledge-service's part of a tenant purge (docs/adr/0051), over the real Kafka and PostgreSQL. */
@QuarkusTest
class TenantPurgeListenerTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID purged = UUID.randomUUID();
    final UUID other = UUID.randomUUID();

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> answers;

    @BeforeEach
    void readFromNowOn() {
        answers = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_TASK_RESULTS);
    }

    @AfterEach
    void close() {
        answers.close();
    }

    @Test
    void deletesEveryRowOfTheTenantAndAnswersWithCountsPerTableLeavingOtherTenantsAlone() throws Exception {
        List<String> notes = List.of(note(purged, "Appel", "Rappeler ada@example.com mardi"), note(purged, "Facture", "Facture de mars"));
        String othersNote = note(other, "Appel", "Rappeler ada@example.com mardi");

        publish(new TenantPurgeRequested(1, false, Instant.now()));

        TenantPurged answer = answer(answersOf(purged, 1, Duration.ofSeconds(90)).get(0));
        assertThat(answer.owner()).isEqualTo("knowledge-service");
        assertThat(answer.counts()).containsEntry("note", 2L).containsKeys("document", "conversation", "conversation_message",
                "conversation_participant", "subject_index", "outbox_event", "inbox_message");
        for (String note : notes) {
            status(purged, note, 404);
        }
        given().auth().oauth2(TestTokens.forTenant(purged, "viewer")).queryParam("q", "facture").when().get("/api/search")
                .then().statusCode(200).body("hits.size()", org.hamcrest.Matchers.equalTo(0));
        status(other, othersNote, 200);

        // Delivered again (a redelivery, or privacy-service publishing it again): nothing fails, nothing more to delete.
        publish(new TenantPurgeRequested(2, false, Instant.now()));
        assertThat(answer(answersOf(purged, 1, Duration.ofSeconds(60)).get(0)).counts()).containsEntry("note", 0L);

        // Certified: the owner removes what its answers left and answers nothing.
        publish(new TenantPurgeRequested(1, true, Instant.now()));
        assertThat(answersOf(purged, 0, Duration.ofSeconds(5))).isEmpty();
        status(other, othersNote, 200);
    }

    private String note(UUID tenant, String title, String body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor"))
                .contentType("application/json").body(java.util.Map.of("title", title, "body", body))
                .when().post("/api/notes")
                .then().statusCode(201).extract().path("id");
    }

    private void status(UUID tenant, String note, int expected) {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer"))
                .when().get("/api/notes/" + note)
                .then().statusCode(expected);
    }

    private void publish(TenantPurgeRequested request) throws Exception {
        CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_TENANT_PURGES, Topics.tenantKey(purged),
                UUID.randomUUID(), EventType.TENANT_PURGE_REQUESTED.ceType(), "privacy-service", purged, JSON.writeValueAsBytes(request)));
    }

    private static TenantPurged answer(ConsumerRecord<String, byte[]> record) throws Exception {
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TYPE).value(), StandardCharsets.UTF_8))
                .isEqualTo(EventType.TENANT_PURGED.ceType("knowledge"));
        assertThat(new String(record.headers().lastHeader(CloudEventHeaders.TENANT_ID).value(), StandardCharsets.UTF_8))
                .isEqualTo(record.key());
        return JSON.readValue(record.value(), TenantPurged.class);
    }

    /** The tenant's answers published from now on; waits for {@code expected} of them, or the whole patience for 0. */
    private List<ConsumerRecord<String, byte[]>> answersOf(UUID tenant, int expected, Duration patience) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && (expected == 0 || found.size() < expected)) {
            for (ConsumerRecord<String, byte[]> record : answers.poll(Duration.ofMillis(200))) {
                if (tenant.toString().equals(record.key())) {
                    found.add(record);
                }
            }
        }
        assertThat(found).as("answers for tenant " + tenant).hasSize(expected);
        return found;
    }
}
