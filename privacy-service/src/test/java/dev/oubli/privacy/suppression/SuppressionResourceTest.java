package dev.oubli.privacy.suppression;

import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.EventJson;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class SuppressionResourceTest {

    static final UUID TENANT = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    static String officer() {
        return TestTokens.forTenant(TENANT, "privacy-officer");
    }

    static ValidatableResponse add(String subjectJson, String reason) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON)
                .body("{\"subject\":" + subjectJson + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + "}")
                .when().post("/api/suppressions").then();
    }

    static ValidatableResponse check(String token, String subjectJson) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(subjectJson)
                .when().post("/api/suppressions/check").then();
    }

    static String email() {
        return "mary+" + UUID.randomUUID() + "@example.com";
    }

    @Test
    void addsBothIndexesOnceAndChecksThem() {
        String email = email();
        String subject = "{\"email\":\"" + email + "\",\"phone\":\"+33 6 12 34 56 78\"}";
        add(subject, "OBJECTED").statusCode(200).body("suppressed", equalTo(true)).body("entries", hasSize(2))
                .body("entries.kind", hasItem("EMAIL")).body("entries.kind", hasItem("PHONE"))
                .body("entries[0].reason", equalTo("OBJECTED"));
        add(subject, null).statusCode(200).body("entries", hasSize(2)).body("entries[0].reason", equalTo("OBJECTED"));

        check(TestTokens.forTenant(TENANT, "agent"), "{\"phone\":\"0612345678\"}").statusCode(200).body("suppressed", equalTo(true));
        check(officer(), "{\"email\":\"" + email() + "\"}").statusCode(200).body("suppressed", equalTo(false)).body("entries", empty());
        check(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer"), "{\"email\":\"" + email + "\"}")
                .statusCode(200).body("suppressed", equalTo(false));
    }

    @Test
    void liftingNeedsAReasonWhichIsKeptWithTheEntry() {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        int id = add("{\"email\":\"" + email + "\"}", "REQUESTED").statusCode(200).extract().path("entries[0].id");

        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{}")
                .when().post("/api/suppressions/" + id + "/lift").then().statusCode(400).body("detail", containsString("reason"));
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"not ours\"}").when().post("/api/suppressions/" + id + "/lift").then().statusCode(404);
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"Added by mistake (ticket 1234)\"}")
                .when().post("/api/suppressions/" + id + "/lift").then().statusCode(200)
                .body("liftedAt", notNullValue()).body("liftReason", equalTo("Added by mistake (ticket 1234)"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"again\"}")
                .when().post("/api/suppressions/" + id + "/lift").then().statusCode(404);

        check(officer(), "{\"email\":\"" + email + "\"}").body("suppressed", equalTo(false));
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer")).when().get("/api/suppressions").then().statusCode(200)
                .body("entries.find { it.blindIndex == '" + index + "' }.liftReason", equalTo("Added by mistake (ticket 1234)"));
        // Suppressed again after the lift: a new entry.
        add("{\"email\":\"" + email + "\"}", null).statusCode(200).body("suppressed", equalTo(true));
    }

    @Test
    void aSuppressionIsPublishedAsSuppressedWithTheBlindIndexOnly() throws Exception {
        String email = email();
        String index = subjectIndex.email(TENANT, email).value();
        try (KafkaConsumer<String, byte[]> consumer = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS)) {
            add("{\"email\":\"" + email + "\"}", "OBJECTED").statusCode(200);

            String key = TENANT + ":" + index + ":EMAIL:MARKETING";
            ConsumerRecord<String, byte[]> published = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (published == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        published = record;
                    }
                }
            }
            assertThat(published).as("ConsentChanged for the suppression").isNotNull();
            assertThat(new String(published.value(), StandardCharsets.UTF_8)).doesNotContain(email);
            ConsentChanged event = EventJson.newObjectMapper().readValue(published.value(), ConsentChanged.class);
            assertThat(event.suppressed()).isTrue();
            assertThat(event.subject().emailIndexes()).containsExactly(index);
            assertThat(event.source()).isEqualTo(ConsentSource.API);
        }
    }

    @Test
    void onlyAPrivacyOfficerLiftsAndTheReasonIsPlainText() {
        String email = email();
        int id = add("{\"email\":\"" + email + "\"}", "OBJECTED").statusCode(200).extract().path("entries[0].id");
        for (String token : new String[] {TestTokens.forClient(TENANT, "emile", "agent"), TestTokens.forTenant(TENANT, "contacts-editor")}) {
            given().auth().oauth2(token).contentType(ContentType.JSON).body("{\"reason\":\"the person asked again\"}")
                    .when().post("/api/suppressions/" + id + "/lift").then().statusCode(403);
        }
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"ticket\\u0000 1234\"}")
                .when().post("/api/suppressions/" + id + "/lift").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("reason"));
        check(officer(), "{\"email\":\"" + email + "\"}").body("suppressed", equalTo(true));
    }

    @Test
    void aSuppressionWithdrawsTheGrantedConsentsAndOnlyALiftLetsANewGrantIn() {
        String email = email();
        String grant = """
                {"subject":{"email":"%s"},"channel":"SMS","purpose":"OFFERS","state":"GRANTED","source":"IMPORT",
                 "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"import-7"}}""".formatted(email);
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body(grant).when().post("/api/consents").then().statusCode(201);
        int id = add("{\"email\":\"" + email + "\"}", "REQUESTED").statusCode(200).extract().path("entries[0].id");
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/consents/lookup").then().statusCode(200)
                .body("current[0].state", equalTo("WITHDRAWN"))
                .body("history[1].source", equalTo("API"));
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body(grant).when().post("/api/consents").then().statusCode(409);

        given().auth().oauth2(officer()).contentType(ContentType.JSON).body("{\"reason\":\"added by mistake\"}")
                .when().post("/api/suppressions/" + id + "/lift").then().statusCode(200);
        given().auth().oauth2(officer()).contentType(ContentType.JSON).body(grant).when().post("/api/consents").then().statusCode(201);
    }

    @Test
    void holdsBlindIndexesOnlySoAContactIdAloneIsRefused() {
        add("{\"contactId\":\"" + UUID.randomUUID() + "\"}", null).statusCode(400).body("detail", containsString("email or a phone"));
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).contentType(ContentType.JSON).body("{\"subject\":{\"email\":\"a@b.c\"}}")
                .when().post("/api/suppressions").then().statusCode(403);
    }
}
