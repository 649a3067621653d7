package dev.oubli.knowledge.conversation;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;

/**
 * ADR 0048: the check an agent's outbound interaction names is verified with privacy-service (here a fake answering
 * canned checks) before anything is written: unknown, refused, stale or mismatched checks are refused, an unreachable
 * privacy-service is a 503 and nothing is recorded.
 */
@QuarkusTest
@QuarkusTestResource(FakePrivacyService.class)
class InteractionCheckVerificationTest {

    private static final String PROBLEMS = "https://oubli.dev/problems/";

    final UUID tenant = UUID.randomUUID();

    private io.restassured.response.ValidatableResponse reachOut(UUID check, String version) {
        return given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body("""
                        {"channel":"EMAIL","startedAt":"2027-05-01T10:00:00Z","participants":[{"email":"ada@example.com"}],
                         "checkId":"%s","disclosureVersion":"%s",
                         "messages":[{"direction":"OUTBOUND","body":"Bonjour, je suis Émile, une IA."}]}""".formatted(check, version))
                .when().post("/api/conversations").then();
    }

    @Test
    void anAllowedRecentCheckOfTheSameChannelAndVersionIsRecorded() {
        reachOut(FakePrivacyService.allowed("emile", "EMAIL", "v3"), "v3").statusCode(201);
    }

    @Test
    void aForgedCheckIdIsUnknown() {
        reachOut(UUID.randomUUID(), "v3").statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(PROBLEMS + "check-unknown"));
        nothingRecorded();
    }

    @Test
    void aRefusedCheckIsRefused() {
        reachOut(FakePrivacyService.check("emile", "REFUSED", "EMAIL", "null", Instant.now()), "v3").statusCode(422)
                .body("type", equalTo(PROBLEMS + "check-refused"));
        nothingRecorded();
    }

    @Test
    void anOldCheckIsStale() {
        UUID old = FakePrivacyService.check("emile", "ALLOWED", "EMAIL", "v3", Instant.now().minus(Duration.ofHours(25)));
        reachOut(old, "v3").statusCode(422).body("type", equalTo(PROBLEMS + "check-stale"));
        nothingRecorded();
    }

    @Test
    void anotherChannelOrAnotherDisclosureVersionIsAMismatch() {
        reachOut(FakePrivacyService.allowed("emile", "SMS", "v3"), "v3").statusCode(422)
                .body("type", equalTo(PROBLEMS + "check-mismatch"));
        reachOut(FakePrivacyService.allowed("emile", "EMAIL", "v2"), "v3").statusCode(422)
                .body("type", equalTo(PROBLEMS + "check-mismatch"));
        UUID conversation = UUID.fromString(reachOut(FakePrivacyService.allowed("emile", "EMAIL", "v3"), "v3")
                .statusCode(201).extract().path("id"));
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"body\":\"Relance\",\"checkId\":\"" + UUID.randomUUID()
                        + "\",\"disclosureVersion\":\"v3\"}")
                .when().post("/api/conversations/" + conversation + "/messages")
                .then().statusCode(400).body("type", equalTo(PROBLEMS + "check-unknown"));
    }

    @Test
    void aPrivacyServiceThatFailsOrIsSlowIsA503AndNothingIsRecorded() {
        reachOut(FakePrivacyService.BROKEN, "v3").statusCode(503).header("Retry-After", "5")
                .body("type", equalTo(PROBLEMS + "check-unavailable"));
        reachOut(FakePrivacyService.SLOW, "v3").statusCode(503).body("type", equalTo(PROBLEMS + "check-unavailable"));
        nothingRecorded();
    }

    private void nothingRecorded() {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/conversations")
                .then().statusCode(200).body("items", hasSize(0));
    }
}
