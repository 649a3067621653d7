package dev.oubli.e2e;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/**
 * Issue 21 item 7 (docs/adr/0048): an AI agent (a Keycloak client) runs the pre-contact check, records the conversation
 * it opened with the check's id and disclosure version, and the privacy officer's interaction report shows it with a
 * check; a conversation an editor records without one (imported history) is counted and listed without. A forged or
 * REFUSED check id is refused: knowledge-service verifies it with privacy-service.
 */
class InteractionEvidenceIT {

    @Test
    void anAgentsConversationCarriesItsCheckAndTheReportCountsAnEditorsWithoutOne() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        // A window of its own in the shared tenant: one second, far in the future, chosen at random.
        Instant at = Instant.parse("2031-01-01T00:00:00Z").plus(ThreadLocalRandom.current().nextLong(60L * 365 * 24 * 3600), ChronoUnit.SECONDS);
        as(Keycloak.userToken("acme-privacy-officer")).contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + subject.email() + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"form-v1\"}}")
                .post("/api/consents").then().statusCode(201);
        String agent = Keycloak.clientToken("emile", "emile-demo-secret");
        Response check = as(agent).contentType("application/json")
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + subject.email() + "\"}}")
                .post("/api/contact-checks");
        check.then().statusCode(200);
        assertThat(check.<String>path("decision")).isEqualTo("ALLOWED");
        String checkId = check.path("checkId");
        String version = check.path("disclosure.version");
        assertThat(version).isNotBlank();

        String reachingOut = "{\"channel\":\"EMAIL\",\"startedAt\":\"" + at + "\",\"participants\":[{\"email\":\"" + subject.email()
                + "\"}],%s\"messages\":[{\"direction\":\"OUTBOUND\",\"sentAt\":\"" + at + "\",\"body\":\"Bonjour, je suis Émile, une IA.\"}]}";
        as(agent).contentType("application/json").body(reachingOut.formatted(""))
                .post("/api/conversations").then().statusCode(400).body("type", endsWith("/check-required"));
        // knowledge-service verifies the check with privacy-service: a forged id is unknown, a refused check refused
        as(agent).contentType("application/json")
                .body(reachingOut.formatted("\"checkId\":\"" + java.util.UUID.randomUUID() + "\",\"disclosureVersion\":\"" + version + "\","))
                .post("/api/conversations").then().statusCode(400).body("type", endsWith("/check-unknown"));
        Response refused = as(agent).contentType("application/json")
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"NEWSLETTER\",\"recipient\":{\"email\":\"" + subject.email() + "\"}}")
                .post("/api/contact-checks");
        assertThat(refused.<String>path("decision")).as("no consent to the newsletter").isEqualTo("REFUSED");
        as(agent).contentType("application/json")
                .body(reachingOut.formatted("\"checkId\":\"" + refused.path("checkId") + "\",\"disclosureVersion\":\"" + version + "\","))
                .post("/api/conversations").then().statusCode(422).body("type", endsWith("/check-refused"));
        Response recorded = as(agent).contentType("application/json")
                .body(reachingOut.formatted("\"checkId\":\"" + checkId + "\",\"disclosureVersion\":\"" + version + "\","))
                .post("/api/conversations");
        recorded.then().statusCode(201);
        String agentsConversation = recorded.path("id");
        String agentName = recorded.path("agent");
        assertThat(agentName).as("the agent's name comes from its token").contains("emile");

        String editorsConversation = as(Keycloak.userToken("acme-knowledge-editor")).contentType("application/json")
                .body("{\"agent\":\"tom\",\"channel\":\"EMAIL\",\"startedAt\":\"" + at + "\",\"participants\":[{\"email\":\""
                        + subject.email() + "\"}],\"messages\":[{\"direction\":\"OUTBOUND\",\"sentAt\":\"" + at + "\",\"body\":\"Historique\"}]}")
                .post("/api/conversations").then().statusCode(201).extract().path("id");

        RequestSpecification officer = as(Keycloak.userToken("acme-privacy-officer"));
        officer.get("/api/conversations/" + agentsConversation).then().statusCode(200)
                .body("checkId", equalTo(checkId))
                .body("disclosureVersion", equalTo(version));
        Response report = as(Keycloak.userToken("acme-privacy-officer"))
                .queryParam("from", at.toString()).queryParam("to", at.plusSeconds(1).toString())
                .get("/api/interaction-report");
        report.then().statusCode(200);
        List<Map<String, Object>> agents = report.path("agents");
        Map<String, Object> emile = agents.stream().filter(a -> agentName.equals(a.get("agent"))).findFirst().orElseThrow();
        Map<String, Object> tom = agents.stream().filter(a -> "tom".equals(a.get("agent"))).findFirst().orElseThrow();
        assertThat(emile.get("conversations")).isEqualTo(Map.of("total", 1, "withCheck", 1, "withoutCheck", 0));
        assertThat(emile.get("outboundMessages")).isEqualTo(Map.of("total", 1, "withCheck", 1, "withoutCheck", 0));
        assertThat((List<?>) emile.get("conversationsWithoutCheck")).isEmpty();
        assertThat(tom.get("conversations")).isEqualTo(Map.of("total", 1, "withCheck", 0, "withoutCheck", 1));
        assertThat(tom.get("conversationsWithoutCheck")).isEqualTo(List.of(editorsConversation));
        assertThat(tom.get("outboundMessages")).isEqualTo(Map.of("total", 1, "withCheck", 0, "withoutCheck", 1));
        // ids and counts only: nothing of the person in the report
        assertThat(report.asString()).doesNotContain(subject.email(), subject.firstName());
    }

    private static RequestSpecification as(String token) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(token);
    }
}
