package dev.oubli.knowledge.conversation;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** ADR 0048: an agent's outbound interactions carry the pre-contact check that allowed them; the report shows which do not. */
@QuarkusTest
class InteractionEvidenceResourceTest {

    private static final String CHECK_REQUIRED = "https://oubli.dev/problems/check-required";

    final UUID tenant = UUID.randomUUID();

    @Test
    void anAgentRecordsItsConversationUnderItsOwnNameWithTheCheckThatAllowedIt() {
        UUID check = FakePrivacyService.allowed("emile", "EMAIL", "emile/EMAIL/v3");
        String id = given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body("""
                        {"channel":"EMAIL","startedAt":"2027-05-01T10:00:00Z","participants":[{"email":"ada@example.com"}],
                         "checkId":"%s","disclosureVersion":"emile/EMAIL/v3",
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-05-01T10:00:00Z","body":"Bonjour, je suis Émile, une IA."},
                                     {"direction":"INBOUND","sentAt":"2027-05-01T10:05:00Z","body":"Bonjour"}]}""".formatted(check))
                .when().post("/api/conversations")
                .then().statusCode(201).body("agent", equalTo("emile")).body("checkId", equalTo(check.toString()))
                .extract().path("id");

        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().statusCode(200)
                .body("agent", equalTo("emile"))
                .body("checkId", equalTo(check.toString()))
                .body("disclosureVersion", equalTo("emile/EMAIL/v3"))
                // the outbound message was allowed by the conversation's check; the answer needed none
                .body("messages.checkId", contains(check.toString(), null))
                .body("messages.disclosureVersion", contains("emile/EMAIL/v3", null));

        UUID followUp = FakePrivacyService.allowed("emile", "EMAIL", "emile/EMAIL/v3");
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"body\":\"Voici le devis\",\"checkId\":\"" + followUp
                        + "\",\"disclosureVersion\":\"emile/EMAIL/v3\"}")
                .when().post("/api/conversations/" + id + "/messages")
                .then().statusCode(201).body("checkId", equalTo(followUp.toString()));
    }

    @Test
    void anAgentReachingOutWithoutACheckIsRefused() {
        String noCheck = """
                {"channel":"SMS","startedAt":"2027-05-01T10:00:00Z","participants":[{"phone":"+33612345678"}],
                 "messages":[{"direction":"OUTBOUND","body":"Promo !"}]}""";
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body(noCheck)
                .when().post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json").body("type", equalTo(CHECK_REQUIRED));
        // a call recorded with its transcript alone reached out too
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body("""
                        {"channel":"CALL","startedAt":"2027-05-01T10:00:00Z","participants":[{"phone":"+33612345678"}],
                         "transcript":"Allô"}""")
                .when().post("/api/conversations")
                .then().statusCode(400).body("type", equalTo(CHECK_REQUIRED));
        // a check without the disclosure version it answered
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body(noCheck.replace("\"messages\"", "\"checkId\":\"" + UUID.randomUUID() + "\",\"messages\""))
                .when().post("/api/conversations")
                .then().statusCode(400).body("type", equalTo("https://oubli.dev/problems/invalid-request"));
        // an agent never records under another agent's name
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body(noCheck.replace("{\"channel\"", "{\"agent\":\"tom\",\"checkId\":\"" + UUID.randomUUID()
                        + "\",\"disclosureVersion\":\"tom/SMS/v1\",\"channel\""))
                .when().post("/api/conversations")
                .then().statusCode(403).body("type", equalTo("https://oubli.dev/problems/not-the-conversations-agent"));

        // answering someone who wrote in needs no check; reaching out again in that conversation does
        String answering = given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body("""
                        {"channel":"CHAT","startedAt":"2027-05-01T10:00:00Z","participants":[{"email":"ada@example.com"}],
                         "messages":[{"direction":"INBOUND","body":"Une question"}]}""")
                .when().post("/api/conversations")
                .then().statusCode(201).body("checkId", nullValue()).extract().path("id");
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body("{\"direction\":\"INBOUND\",\"body\":\"Et une autre\"}")
                .when().post("/api/conversations/" + answering + "/messages").then().statusCode(201);
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"body\":\"Réponse\"}")
                .when().post("/api/conversations/" + answering + "/messages")
                .then().statusCode(400).body("type", equalTo(CHECK_REQUIRED));
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + answering).then()
                .body("messages.direction", contains("INBOUND", "INBOUND"));
    }

    @Test
    void anEditorRecordsHistoryWithoutACheckAndTheEvidenceIsWrittenOnce() {
        String history = """
                {"agent":"tom","channel":"EMAIL","startedAt":"2026-01-01T10:00:00Z","participants":[{"email":"ada@example.com"}],
                 "messages":[{"direction":"OUTBOUND","body":"Ancien message"}]}""";
        String id = given().auth().oauth2(editor()).contentType("application/json").body(history)
                .when().post("/api/conversations").then().statusCode(201).body("checkId", nullValue()).extract().path("id");

        UUID check = UUID.randomUUID();
        String checked = given().auth().oauth2(editor()).contentType("application/json")
                .body(history.replace("\"messages\"", "\"checkId\":\"" + check + "\",\"disclosureVersion\":\"tom/EMAIL/v1\",\"messages\""))
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
        String replacement = """
                {"agent":"tom","channel":"EMAIL","startedAt":"2026-01-01T10:00:00Z","participants":[{"email":"ada@example.com"}]%s}""";
        given().auth().oauth2(editor()).contentType("application/json")
                .body(replacement.formatted(",\"checkId\":\"" + UUID.randomUUID() + "\""))
                .when().put("/api/conversations/" + checked).then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json")
                .body(replacement.formatted(",\"disclosureVersion\":\"tom/EMAIL/v9\""))
                .when().put("/api/conversations/" + checked).then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body(replacement.formatted(""))
                .when().put("/api/conversations/" + checked).then().statusCode(200)
                .body("checkId", equalTo(check.toString())).body("disclosureVersion", equalTo("tom/EMAIL/v1"));
        given().auth().oauth2(editor()).contentType("application/json")
                .body(replacement.formatted(",\"checkId\":\"" + UUID.randomUUID() + "\",\"disclosureVersion\":\"tom/EMAIL/v1\""))
                .when().put("/api/conversations/" + id).then().statusCode(400);

        given().auth().oauth2(editor()).contentType("application/json")
                .body(history.replace("\"messages\"", "\"disclosureVersion\":\"" + "v".repeat(301) + "\",\"messages\""))
                .when().post("/api/conversations").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json")
                .body(history.replace("\"messages\"", "\"disclosureVersion\":\"v1\\u0007\",\"messages\""))
                .when().post("/api/conversations").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body(history.replace("\"messages\"", "\"checkId\":\"not-a-uuid\",\"messages\""))
                .when().post("/api/conversations").then().statusCode(400);
    }

    @Test
    void theReportCountsPerAgentTheInteractionsWithAndWithoutACheckAndListsThoseWithout() {
        UUID check = FakePrivacyService.allowed("emile", "EMAIL", "emile/EMAIL/v1");
        String emiles = given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json").body("""
                        {"channel":"EMAIL","startedAt":"2027-06-01T10:00:00Z","participants":[{"email":"ada@example.com"}],
                         "checkId":"%s","disclosureVersion":"emile/EMAIL/v1",
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-06-01T10:00:00Z","body":"Bonjour"}]}""".formatted(check))
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
        String imported = given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"emile","channel":"EMAIL","startedAt":"2027-06-02T10:00:00Z","participants":[{"email":"bob@example.com"}],
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-06-02T10:00:00Z","body":"Ancien"},
                                     {"direction":"INBOUND","sentAt":"2027-06-02T11:00:00Z","body":"Réponse"}]}""")
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
        String importedMessage = given().auth().oauth2(viewer()).when().get("/api/conversations/" + imported)
                .then().extract().path("messages[0].id");
        String toms = given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"tom","channel":"CALL","startedAt":"2027-06-03T10:00:00Z","participants":[{"phone":"+33612345678"}],
                         "transcript":"Allô"}""")
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");
        // outside the window
        given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"emile","channel":"SMS","startedAt":"2027-07-01T10:00:00Z","participants":[{"phone":"+33612345678"}],
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-07-01T10:00:00Z","body":"Plus tard"}]}""")
                .when().post("/api/conversations").then().statusCode(201);

        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer"))
                .queryParam("from", "2027-06-01T00:00:00Z").queryParam("to", "2027-07-01T00:00:00Z")
                .when().get("/api/interaction-report").then().statusCode(200)
                .body("agents.agent", contains("emile", "tom"))
                .body("agents[0].conversations.total", equalTo(2))
                .body("agents[0].conversations.withCheck", equalTo(1))
                .body("agents[0].conversations.withoutCheck", equalTo(1))
                .body("agents[0].conversationsWithoutCheck", contains(imported))
                .body("agents[0].outboundMessages.total", equalTo(2))
                .body("agents[0].outboundMessages.withCheck", equalTo(1))
                .body("agents[0].outboundMessages.withoutCheck", equalTo(1))
                .body("agents[0].outboundMessagesWithoutCheck.conversationId", contains(imported))
                .body("agents[0].outboundMessagesWithoutCheck.messageId", contains(importedMessage))
                .body("agents[1].conversations.withoutCheck", equalTo(1))
                .body("agents[1].conversationsWithoutCheck", contains(toms))
                .body("agents[1].outboundMessages.total", equalTo(0))
                .body("agents[1].outboundMessagesWithoutCheck", empty())
                .body("agentsTruncated", equalTo(false));

        // the whole history, its lists bounded by limit
        given().auth().oauth2(viewer()).queryParam("limit", 1).when().get("/api/interaction-report").then().statusCode(200)
                .body("agents[0].conversations.withoutCheck", equalTo(2))
                .body("agents[0].conversationsWithoutCheck", hasSize(1))
                .body("agents[0].outboundMessages.withoutCheck", equalTo(2))
                .body("agents[0].outboundMessagesWithoutCheck", hasSize(1))
                .body("from", nullValue());
        given().auth().oauth2(viewer()).when().get("/api/interaction-report").then()
                .body("agents[0].conversationsWithoutCheck", hasSize(2))
                .body("agents[0].conversationsWithoutCheck", org.hamcrest.Matchers.not(org.hamcrest.Matchers.hasItem(emiles)));

        // another tenant sees none of it; only officers and viewers read it; bad windows are 400
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer")).when().get("/api/interaction-report")
                .then().statusCode(200).body("agents", empty());
        given().auth().oauth2(editor()).when().get("/api/interaction-report").then().statusCode(403);
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).when().get("/api/interaction-report").then().statusCode(403);
        given().auth().oauth2(viewer()).queryParam("from", "hier").when().get("/api/interaction-report")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(viewer()).queryParam("limit", 0).when().get("/api/interaction-report").then().statusCode(400);
        given().auth().oauth2(viewer()).queryParam("from", "2027-07-01T00:00:00Z").queryParam("to", "2027-06-01T00:00:00Z")
                .when().get("/api/interaction-report").then().statusCode(400);
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}
