package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.DistinctWords;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ConversationResourceTest {

    final UUID tenant = UUID.randomUUID();

    @Inject
    SubjectIndex subjectIndex;

    @Test
    void recordsAConversationWithParticipantsMessagesTranscriptAndDisclosure() {
        UUID contact = UUID.randomUUID();
        String location = given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"tom","channel":"CALL","startedAt":"2027-03-01T10:00:00+01:00",
                         "participants":[{"contactId":"%s","phone":"06 12 34 56 78"},{"email":" Ada@Example.com "}],
                         "aiDisclosedAt":"2027-03-01T10:00:05+01:00","transcript":"Bonjour, je suis Tom, une IA.",
                         "messages":[{"direction":"OUTBOUND","sentAt":"2027-03-01T10:00:01+01:00","body":"Bonjour"},
                                     {"direction":"INBOUND","sentAt":"2027-03-01T10:02:00+01:00","body":"Écrivez-moi à ada.pro@example.org"}]}
                        """.formatted(contact))
                .when().post("/api/conversations")
                .then().statusCode(201)
                .header("Location", matchesPattern("^/api/conversations/[0-9a-f-]{36}$"))
                .body("aiDisclosureGiven", equalTo(true))
                .body("lastActivityAt", equalTo("2027-03-01T09:02:00Z"))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/conversations/" + id)
                .then().statusCode(200)
                .body("agent", equalTo("tom")).body("channel", equalTo("CALL"))
                .body("startedAt", equalTo("2027-03-01T09:00:00Z"))
                .body("aiDisclosedAt", equalTo("2027-03-01T09:00:05Z"))
                .body("participants.contactId", contains(contact.toString(), null))
                .body("participants.phone", contains("+33612345678", null))
                .body("participants.email", contains(null, "ada@example.com"))
                .body("messages.direction", contains("OUTBOUND", "INBOUND"))
                .body("transcript", equalTo("Bonjour, je suis Tom, une IA."));
    }

    @Test
    void indexesParticipantsAndTheEmailsAndPhonesFoundInText() throws SQLException {
        UUID contact = UUID.randomUUID();
        String id = create("emile", "EMAIL", "2027-01-01T00:00:00Z",
                "{\"contactId\":\"" + contact + "\",\"email\":\"ada@example.com\"}", "Mon autre numéro : +33 6 98 76 54 32");

        List<String> rows = subjectRows(id);
        assertThat(rows).containsExactlyInAnyOrder(
                "CONTACT:" + contact + ":PARTICIPANT",
                "EMAIL:" + subjectIndex.email(tenant, "ada@example.com").value() + ":PARTICIPANT",
                "PHONE:" + subjectIndex.phone(tenant, "+33698765432", null).value() + ":MENTION");
        assertThat(String.join(",", rows)).doesNotContain("ada@").doesNotContain("698");

        // an appended message adds what it mentions; a delete removes every row
        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"direction\":\"INBOUND\",\"body\":\"ou grace@example.net\"}")
                .when().post("/api/conversations/" + id + "/messages").then().statusCode(201);
        assertThat(subjectRows(id)).contains("EMAIL:" + subjectIndex.email(tenant, "grace@example.net").value() + ":MENTION");
        given().auth().oauth2(editor()).when().delete("/api/conversations/" + id).then().statusCode(204);
        assertThat(subjectRows(id)).isEmpty();
    }

    @Test
    void listsWithFiltersAndACursor() {
        UUID contact = UUID.randomUUID();
        String a = create("emile", "EMAIL", "2027-01-01T00:00:00Z", "{\"contactId\":\"" + contact + "\"}", "a");
        String b = create("tom", "CALL", "2027-01-02T00:00:00Z", "{\"email\":\"b@example.com\"}", "b");
        String c = create("emile", "SMS", "2027-01-03T00:00:00Z", "{\"contactId\":\"" + contact + "\"}", "c");

        given().auth().oauth2(viewer()).when().get("/api/conversations").then().statusCode(200).body("items.id", contains(c, b, a));
        given().auth().oauth2(viewer()).queryParam("contact", contact.toString()).when().get("/api/conversations")
                .then().body("items.id", contains(c, a));
        given().auth().oauth2(viewer()).queryParam("agent", "tom").when().get("/api/conversations").then().body("items.id", contains(b));
        given().auth().oauth2(viewer()).queryParam("channel", "SMS").when().get("/api/conversations").then().body("items.id", contains(c));
        given().auth().oauth2(viewer()).queryParam("from", "2027-01-02T00:00:00Z").queryParam("to", "2027-01-03T00:00:00Z")
                .when().get("/api/conversations").then().body("items.id", contains(b));
        String cursor = given().auth().oauth2(viewer()).queryParam("limit", 2).when().get("/api/conversations")
                .then().body("items.id", contains(c, b)).extract().path("nextCursor");
        given().auth().oauth2(viewer()).queryParam("limit", 2).queryParam("cursor", cursor).when().get("/api/conversations")
                .then().body("items.id", contains(a)).body("nextCursor", nullValue());
        given().auth().oauth2(viewer()).queryParam("channel", "FAX").when().get("/api/conversations").then().statusCode(404);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/conversations")
                .then().body("items", hasSize(0));
    }

    @Test
    void letsAnAgentAppendOnlyToItsOwnConversations() {
        String toms = create("tom", "CALL", "2027-01-01T00:00:00Z", "{\"phone\":\"+33612345678\"}", "Allô");

        given().auth().oauth2(AgentTokens.forAgent(tenant, "tom")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"sentAt\":\"2027-01-01T00:05:00Z\",\"body\":\"Je vous rappelle demain\","
                        + "\"checkId\":\"" + FakePrivacyService.allowed("tom", "CALL", "tom/CALL/v1") + "\",\"disclosureVersion\":\"tom/CALL/v1\"}")
                .when().post("/api/conversations/" + toms + "/messages")
                .then().statusCode(201).body("direction", equalTo("OUTBOUND"));
        given().auth().oauth2(AgentTokens.forAgent(tenant, "emile")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"body\":\"Intrus\",\"checkId\":\"" + FakePrivacyService.allowed("emile", "CALL", "v1")
                        + "\",\"disclosureVersion\":\"v1\"}")
                .when().post("/api/conversations/" + toms + "/messages")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(AgentTokens.forAgent(UUID.randomUUID(), "tom")).contentType("application/json")
                .body("{\"direction\":\"OUTBOUND\",\"body\":\"Autre tenant\",\"checkId\":\"" + FakePrivacyService.allowed("tom", "CALL", "v1")
                        + "\",\"disclosureVersion\":\"v1\"}")
                .when().post("/api/conversations/" + toms + "/messages")
                .then().statusCode(404);
        // an agent neither reads nor rewrites conversations (it records its own: InteractionEvidenceResourceTest)
        given().auth().oauth2(AgentTokens.forAgent(tenant, "tom")).when().get("/api/conversations/" + toms).then().statusCode(403);
        given().auth().oauth2(AgentTokens.forAgent(tenant, "tom")).contentType("application/json").body("{}")
                .when().put("/api/conversations/" + toms).then().statusCode(403);

        given().auth().oauth2(viewer()).when().get("/api/conversations/" + toms).then()
                .body("messages.body", contains("Allô", "Je vous rappelle demain"))
                .body("lastActivityAt", equalTo("2027-01-01T00:05:00Z"));
    }

    @Test
    void guardsMessagesAndTranscripts() {
        given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z","participants":[{"phone":"+33612345678"}],
                         "transcript":"Ma carte est 4111 1111 1111 1111"}""")
                .when().post("/api/conversations")
                .then().statusCode(422).body("findings[0].field", equalTo("transcript")).body("findings[0].kind", equalTo("CARD_NUMBER"));
        String id = create("tom", "CALL", "2027-01-01T00:00:00Z", "{\"phone\":\"+33612345678\"}", "ok");
        given().auth().oauth2(AgentTokens.forAgent(tenant, "tom")).contentType("application/json")
                .body("{\"direction\":\"INBOUND\",\"body\":\"password=hunter2hunter2\"}")
                .when().post("/api/conversations/" + id + "/messages")
                .then().statusCode(201).body("guard[0].kind", equalTo("SECRET")).body("body", equalTo("password=" + "*".repeat("hunter2hunter2".length())));
    }

    @Test
    void recordsACallWithOnlyATranscriptAndNoMessages() {
        for (String messages : List.of("", ",\"messages\":[]", ",\"messages\":null")) {
            String id = given().auth().oauth2(editor()).contentType("application/json").body("""
                            {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z","participants":[{"phone":"+33612345678"}],
                             "transcript":"Le client rappellera demain."%s}""".formatted(messages))
                    .when().post("/api/conversations")
                    .then().statusCode(201).body("messages", hasSize(0)).body("transcript", equalTo("Le client rappellera demain."))
                    .extract().path("id");
            given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().statusCode(200)
                    .body("messages", hasSize(0)).body("lastActivityAt", equalTo("2027-01-01T00:00:00Z"));
        }
    }

    @Test
    void answers400ForATextWithMoreDistinctWordsThanSearchCanIndex() {
        String words = DistinctWords.text(990_000);
        String id = create("tom", "EMAIL", "2027-01-01T00:00:00Z", "{\"email\":\"ada@example.com\"}", "Bonjour");
        given().auth().oauth2(editor()).contentType("application/json").body(java.util.Map.of("direction", "INBOUND", "body", words))
                .when().post("/api/conversations/" + id + "/messages")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("A text is too long to be indexed for search."));
        given().auth().oauth2(editor()).contentType("application/json").body(java.util.Map.of("agent", "tom", "channel", "CALL",
                        "startedAt", "2027-01-01T00:00:00Z", "participants", List.of(java.util.Map.of("email", "ada@example.com")),
                        "transcript", words))
                .when().post("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json").body("detail", equalTo("A text is too long to be indexed for search."));
        given().auth().oauth2(viewer()).when().get("/api/conversations").then().body("items.id", contains(id));
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().body("messages", hasSize(1));
    }

    @Test
    void answers400ForANulCharacterInAnyTextOrFilter() {
        String id = create("tom", "EMAIL", "2027-01-01T00:00:00Z", "{\"email\":\"ada@example.com\"}", "Bonjour");
        for (String body : List.of(
                "{\"agent\":\"t\\u0000m\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"phone\":\"+33612345678\"}]}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"phone\":\"+33612345678\"}],\"transcript\":\"a\\u0000b\"}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"email\":\"ada\\u0000@example.com\"}]}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"phone\":\"+33612345678\"}],\"messages\":[{\"direction\":\"INBOUND\",\"body\":\"a\\u0000b\"}]}")) {
            given().auth().oauth2(editor()).contentType("application/json").body(body)
                    .when().post("/api/conversations").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(editor()).contentType("application/json").body("{\"direction\":\"INBOUND\",\"body\":\"a\\u0000b\"}")
                .when().post("/api/conversations/" + id + "/messages").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(viewer()).urlEncodingEnabled(false).queryParam("agent", "t%00m").when().get("/api/conversations")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().body("messages", hasSize(1));
    }

    @Test
    void answers400ForATimeOutsideTheYearsOneTo9999() {
        String id = create("tom", "EMAIL", "2027-01-01T00:00:00Z", "{\"email\":\"ada@example.com\"}", "Bonjour");
        for (String time : List.of("+200000-01-01T00:00:00Z", "-200000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z")) {
            given().auth().oauth2(viewer()).queryParam("from", time).when().get("/api/conversations")
                    .then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(editor()).contentType("application/json").body("""
                            {"agent":"tom","channel":"CALL","startedAt":"%s","participants":[{"phone":"+33612345678"}]}""".formatted(time))
                    .when().post("/api/conversations").then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(editor()).contentType("application/json").body("""
                            {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z","aiDisclosedAt":"%s","participants":[{"phone":"+33612345678"}]}""".formatted(time))
                    .when().put("/api/conversations/" + id).then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(editor()).contentType("application/json").body("{\"direction\":\"INBOUND\",\"sentAt\":\"" + time + "\",\"body\":\"x\"}")
                    .when().post("/api/conversations/" + id + "/messages").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().body("messages", hasSize(1))
                .body("startedAt", equalTo("2027-01-01T00:00:00Z"));
    }

    @Test
    void updatesAndDeletesAndAnswersValidationAndAccessErrors() {
        String id = create("tom", "CALL", "2027-01-01T00:00:00Z", "{\"phone\":\"+33612345678\"}", "ok");
        given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z","participants":[{"email":"x@example.com"}],
                         "transcript":"Transcription corrigée"}""")
                .when().put("/api/conversations/" + id)
                .then().statusCode(200).body("participants.email", contains("x@example.com")).body("messages", hasSize(1))
                .body("aiDisclosureGiven", equalTo(false));

        for (String body : List.of("{}", "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[]}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"email\":\"nope\"}]}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"phone\":\"12\"}]}",
                "{\"agent\":\"tom\",\"channel\":\"CALL\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{}]}",
                "{\"agent\":\"tom\",\"channel\":\"PIGEON\",\"startedAt\":\"2027-01-01T00:00:00Z\",\"participants\":[{\"email\":\"x@example.com\"}]}")) {
            given().auth().oauth2(editor()).contentType("application/json").body(body).when().post("/api/conversations")
                    .then().statusCode(400).contentType("application/problem+json").body("detail", org.hamcrest.Matchers.not(containsString("nope")));
        }
        given().auth().oauth2(editor()).contentType("application/json").body("{\"direction\":\"INBOUND\",\"body\":\"\"}")
                .when().post("/api/conversations/" + id + "/messages").then().statusCode(400);

        String other = TestTokens.forTenant(UUID.randomUUID(), "knowledge-editor", "viewer");
        given().auth().oauth2(other).when().get("/api/conversations/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().delete("/api/conversations/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body("{\"direction\":\"INBOUND\",\"body\":\"x\"}")
                .when().post("/api/conversations/" + id + "/messages").then().statusCode(404);
        given().when().get("/api/conversations/" + id).then().statusCode(401);
        given().auth().oauth2(viewer()).when().delete("/api/conversations/" + id).then().statusCode(403);

        given().auth().oauth2(editor()).when().delete("/api/conversations/" + id).then().statusCode(204);
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id).then().statusCode(404);
    }

    @Test
    void refusesTheSameParticipantGivenTwiceInOneBodyAsABadRequest() {
        String id = create("tom", "CALL", "2027-01-01T00:00:00Z", "{\"email\":\"ada@example.com\"}", "Bonjour");
        String twice = """
                {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z",
                 "participants":[{"email":"ada@example.com"},{"email":" Ada@Example.com "}]}""";

        given().auth().oauth2(editor()).contentType("application/json").body(twice)
                .when().put("/api/conversations/" + id)
                .then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("participants[1]"));
        given().auth().oauth2(editor()).contentType("application/json").body(twice)
                .when().post("/api/conversations")
                .then().statusCode(400).body("detail", containsString("participants[1]"));
    }

    @Test
    void concurrentUpdatesOfOneConversationNeverAnswerAServerError() throws Exception {
        String id = create("tom", "CALL", "2027-01-01T00:00:00Z", "{\"email\":\"ada@example.com\"}", "Bonjour");
        String token = editor();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = """
                        {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z",
                         "participants":[{"email":"ada%d@example.com"},{"phone":"+33612345678"}]}""".formatted(i);
                answers.add(pool.submit(() -> given().auth().oauth2(token).contentType("application/json").body(body)
                        .when().put("/api/conversations/" + id).then().extract().statusCode()));
            }
            for (Future<Integer> answer : answers) {
                assertThat(answer.get(60, TimeUnit.SECONDS)).isEqualTo(200);
            }
        } finally {
            pool.shutdownNow();
        }
        given().auth().oauth2(viewer()).when().get("/api/conversations/" + id)
                .then().statusCode(200).body("participants", hasSize(2));
    }

    private String create(String agent, String channel, String startedAt, String participant, String firstMessage) {
        return given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"%s","channel":"%s","startedAt":"%s","participants":[%s],
                         "messages":[{"direction":"INBOUND","sentAt":"%s","body":"%s"}]}""".formatted(agent, channel, startedAt, participant, startedAt, firstMessage))
                .when().post("/api/conversations")
                .then().statusCode(201).extract().path("id");
    }

    private List<String> subjectRows(String conversation) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement set = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                set.setString(1, tenant.toString());
                set.execute();
            }
            try (PreparedStatement query = app.prepareStatement(
                    "select identifier_kind, identifier, role from subject_index where item_type = 'CONVERSATION' and item_id = ?::uuid")) {
                query.setString(1, conversation);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows.add(result.getString(1) + ":" + result.getString(2) + ":" + result.getString(3));
                    }
                }
            }
            app.rollback();
        }
        return rows;
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}
