package dev.oubli.web.console;

import dev.oubli.web.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The console's page of one subject: consents with proof, suppression state, recorded pre-contact checks. */
@QuarkusTest
class SubjectPageTest {

    private static final String TENANT = "44444444-4444-4444-8444-444444444444";

    @Inject
    FakeGateway gateway;

    @Inject
    FormTokens formTokens;

    @BeforeEach
    void scriptTheApi() {
        gateway.reset();
        gateway.answer("GET", "/public/tenants/" + TENANT, 200, new JsonObject().put("id", TENANT).put("displayName", "Initech"));
        gateway.answer("POST", "/api/consents/lookup", 200, new JsonObject()
                .put("current", new JsonArray().add(new JsonObject().put("channel", "EMAIL").put("purpose", "MARKETING")
                        .put("state", "WITHDRAWN").put("sequence", 2).put("changedAt", "2026-03-02T10:00:00Z")))
                .put("history", new JsonArray()
                        .add(new JsonObject().put("sequence", 1).put("emailIndex", "idx-email").put("channel", "EMAIL")
                                .put("purpose", "MARKETING").put("state", "GRANTED").put("source", "FORM").put("recordedAt", "2026-03-01T10:00:00Z")
                                .put("proof", new JsonObject().put("collectedAt", "2026-03-01T09:59:00Z").put("textVersion", "newsletter-v3"))
                                .put("recordedBy", new JsonObject().put("kind", "USER").put("id", "officer-1")))
                        .add(new JsonObject().put("sequence", 2).put("emailIndex", "idx-email").put("channel", "EMAIL")
                                .put("purpose", "MARKETING").put("state", "WITHDRAWN").put("source", "UNSUBSCRIBE_LINK")))
                .put("suppressed", true).put("restricted", true));
        gateway.answer("POST", "/api/suppressions/check", 200, new JsonObject().put("suppressed", true).put("entries", new JsonArray()
                .add(new JsonObject().put("id", 7).put("blindIndex", "idx-email").put("kind", "EMAIL").put("reason", "UNSUBSCRIBED")
                        .put("suppressedAt", "2026-03-02T10:00:00Z"))));
        gateway.answer("GET", "/api/contact-checks", 200, new JsonObject().put("checks", new JsonArray()
                .add(new JsonObject().put("checkId", "c1").put("checkedAt", "2026-03-03T10:00:00Z").put("agentId", "tom")
                        .put("channel", "EMAIL").put("purpose", "MARKETING").put("decision", "REFUSED").put("reason", "SUPPRESSED")
                        .put("disclosureVersion", "v2"))));
    }

    private io.restassured.response.ValidatableResponse lookUp(Map<String, String> form) {
        return given().contentType(ContentType.URLENC).formParams(form).when().post("/console/subjects").then();
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheConsentHistoryWithProofTheSuppressionAndTheChecksOfTheKnownIndexes() {
        Document form = Jsoup.parse(given().when().get("/console/subjects").then().statusCode(200).extract().asString());
        assertThat(form.select("form[method=post][action=/console/subjects] label")).hasSize(2);

        Document page = Jsoup.parse(lookUp(Map.of("formToken", formTokens.issue("viewer-1"), "email", " someone@example.org "))
                .statusCode(200).extract().asString());
        assertThat(page.select("#suppression-state").text()).contains("On the suppression list");
        assertThat(page.select("#restriction-state").text()).contains("Processing restricted");
        assertThat(page.select("#current-consents tbody tr")).hasSize(1);
        assertThat(page.select("#consent-history tbody tr")).hasSize(2);
        assertThat(page.select("#consent-history tbody tr").first().text()).contains("GRANTED", "newsletter-v3", "USER officer-1");
        assertThat(page.select("#contact-checks tbody tr").text()).contains("tom", "REFUSED", "SUPPRESSED", "v2");
        assertThat(page.text()).doesNotContain("someone@example.org");
        assertThat(gateway.last("POST", "/api/consents/lookup").body()).isEqualTo(new JsonObject().put("email", "someone@example.org"));
        assertThat(gateway.last("GET", "/api/contact-checks").query()).isEqualTo(Map.of("subjectIndex", "idx-email"));
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void asksForAnIdentifierAndRefusesAPostWithoutTheFormToken() {
        Document empty = Jsoup.parse(lookUp(Map.of("formToken", formTokens.issue("viewer-1"))).statusCode(200).extract().asString());
        assertThat(empty.select("[role=alert]").text()).contains("email address or a phone number");
        lookUp(Map.of("email", "someone@example.org")).statusCode(403);
        assertThat(gateway.calls()).noneMatch(call -> call.path().startsWith("/api/"));
    }

    @Test
    @TestSecurity(user = "agent-1", roles = "agent", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void aRoleWithoutAccessGetsTheNoAccessPage() {
        lookUp(Map.of("formToken", formTokens.issue("agent-1"), "email", "someone@example.org")).statusCode(403);
        assertThat(gateway.calls()).noneMatch(call -> call.path().startsWith("/api/"));
    }
}
