package dev.oubli.contacts.contactimport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ConsentsImported;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Consents granted by an import leave contacts-service as {@link ConsentsImported}, with per-row proof (ADR 0036). */
@QuarkusTest
class ImportedConsentEventsTest {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    final UUID tenant = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    KafkaConsumer<String, byte[]> imported;

    @BeforeEach
    void readFromNowOn() {
        imported = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.CONTACTS_CONSENT_IMPORTS);
    }

    @AfterEach
    void close() {
        imported.close();
    }

    @Test
    void everyGrantedRowIsPublishedWithItsRowNumberSubjectAndProofButNotASuppressedOne() throws Exception {
        TenantSql.execute(owner, tenant, "insert into suppression (tenant_id, blind_index, suppressed, changed_at) values (?, ?, true, ?)",
                tenant, subjectIndex.email(tenant, "gone@example.com").value(), OffsetDateTime.now());
        String token = TestTokens.forTenant(tenant, "contacts-editor");
        byte[] csv = """
                email;firstName;phone
                first@example.com;First;+33 6 12 34 56 70
                gone@example.com;Gone;
                third@example.com;Third;
                """.getBytes(StandardCharsets.UTF_8);

        String importId = finished(token, csv, "skip");

        List<ConsentsImported> events = eventsOf(UUID.fromString(importId), 1, Duration.ofSeconds(30));
        ConsentsImported event = events.get(0);
        assertThat(event.purpose()).isEqualTo("MARKETING");
        assertThat(event.channels()).containsExactly(ContactChannel.EMAIL, ContactChannel.SMS);
        assertThat(event.collectedAt()).isEqualTo(Instant.parse("2026-01-15T00:00:00Z"));
        assertThat(event.textVersion()).isEqualTo("v3");
        assertThat(event.proofSource()).isEqualTo("newsletter form");
        assertThat(event.importedBy()).isEqualTo(subjectOf(token));
        assertThat(event.rows()).extracting(ConsentsImported.ImportedConsent::row).containsExactly(2L, 4L);
        ConsentsImported.ImportedConsent first = event.rows().get(0);
        assertThat(first.subject().emailIndexes()).containsExactly(subjectIndex.email(tenant, "first@example.com").value());
        assertThat(first.subject().phoneIndexes()).containsExactly(subjectIndex.phoneE164(tenant, "+33612345670").value());
        String contactId = given().auth().oauth2(token).queryParam("email", "first@example.com").when().get("/api/contacts")
                .then().statusCode(200).extract().path("items[0].id");
        assertThat(first.subject().contactIds()).containsExactly(UUID.fromString(contactId));
    }

    @Test
    void importingTheSameFileAgainPublishesNothingNew() throws Exception {
        String token = TestTokens.forTenant(tenant, "contacts-editor");
        byte[] csv = "email\nagain@example.com\n".getBytes(StandardCharsets.UTF_8);
        eventsOf(UUID.fromString(finished(token, csv, "skip")), 1, Duration.ofSeconds(30));

        String skipped = finished(token, csv, "skip");
        String updated = finished(token, csv, "update");

        eventsOf(UUID.fromString(skipped), 0, Duration.ofSeconds(5));
        eventsOf(UUID.fromString(updated), 0, Duration.ofSeconds(1));
    }

    @Test
    void aProofLabelWithAControlCharacterIsRefusedBeforeTheUpload() {
        given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor")).contentType("text/csv")
                .queryParams(Map.of("lawfulBasis", "CONSENT", "consentChannels", "EMAIL", "consentSource", "form\u0007",
                        "consentCollectedAt", "2026-01-15", "consentTextVersion", "v3"))
                .body("email\nbell@example.com\n".getBytes(StandardCharsets.UTF_8))
                .when().post("/api/contact-imports")
                .then().statusCode(400).contentType("application/problem+json");
    }

    private String finished(String token, byte[] csv, String duplicates) {
        String id = given().auth().oauth2(token).contentType("text/csv")
                .queryParams(Map.of("lawfulBasis", "CONSENT", "duplicates", duplicates, "consentChannels", "EMAIL,SMS",
                        "consentSource", "newsletter form", "consentCollectedAt", "2026-01-15", "consentTextVersion", "v3"))
                .body(csv).when().post("/api/contact-imports").then().statusCode(202).extract().path("id");
        JsonPath job = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(
                () -> given().auth().oauth2(token).when().get("/api/contact-imports/" + id).then().extract().jsonPath(),
                status -> "COMPLETED".equals(status.getString("status")));
        assertThat(job.getString("status")).isEqualTo("COMPLETED");
        return id;
    }

    private List<ConsentsImported> eventsOf(UUID importId, int expected, Duration patience) throws Exception {
        List<ConsentsImported> found = new ArrayList<>();
        Instant deadline = Instant.now().plus(patience);
        while (Instant.now().isBefore(deadline) && (expected == 0 || found.size() < expected)) {
            for (ConsumerRecord<String, byte[]> record : imported.poll(Duration.ofMillis(200))) {
                if (importId.toString().equals(record.key())) {
                    assertThat(new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8))
                            .isEqualTo(EventType.CONSENTS_IMPORTED.ceType());
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain("example.com");
                    found.add(JSON.readValue(record.value(), ConsentsImported.class));
                }
            }
        }
        assertThat(found).as("events of import " + importId).hasSize(expected);
        return found;
    }

    private static String subjectOf(String token) throws Exception {
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        return claims.get("sub").asText();
    }
}
