package dev.oubli.knowledge.note;

import dev.oubli.knowledge.DistinctWords;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class NoteResourceTest {

    final UUID tenant = UUID.randomUUID();

    static final String CARD = "4111 1111 1111 1111";
    static final String IBAN = "FR76 3000 6000 0112 3456 7890 189";

    @Test
    void createsReadsUpdatesAndDeletesANote() {
        UUID contact = UUID.randomUUID();
        String location = given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Appel\",\"body\":\"Rappeler lundi\",\"contactId\":\"" + contact + "\"}")
                .when().post("/api/notes")
                .then().statusCode(201)
                .header("Location", matchesPattern("^/api/notes/[0-9a-f-]{36}$"))
                .body("title", equalTo("Appel"))
                .body("guard", hasSize(0))
                .extract().header("Location");
        String id = location.substring(location.lastIndexOf('/') + 1);

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/notes/" + id)
                .then().statusCode(200).body("body", equalTo("Rappeler lundi")).body("contactId", equalTo(contact.toString()))
                .body("guard", nullValue());

        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Appel\",\"body\":\"Rappeler mardi\"}")
                .when().put("/api/notes/" + id)
                .then().statusCode(200).body("body", equalTo("Rappeler mardi")).body("contactId", nullValue());

        given().auth().oauth2(editor()).when().delete("/api/notes/" + id).then().statusCode(204);
        given().auth().oauth2(editor()).when().get("/api/notes/" + id).then().statusCode(404);
    }

    @Test
    void answersAnotherTenantsNoteWith404ForEveryMethod() {
        String id = create("Secret", "Only for us");
        String other = TestTokens.forTenant(UUID.randomUUID(), "knowledge-editor", "viewer");
        given().auth().oauth2(other).when().get("/api/notes/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(other).contentType("application/json").body("{\"title\":\"x\",\"body\":\"y\"}")
                .when().put("/api/notes/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().delete("/api/notes/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().get("/api/notes").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(editor()).when().get("/api/notes/" + id).then().statusCode(200);
    }

    @Test
    void answers400ForInvalidNotes() {
        for (String body : List.of("{\"body\":\"no title\"}", "{\"title\":\"  \",\"body\":\"x\"}", "{\"title\":\"no body\"}",
                "{\"title\":\"t\",\"body\":\"b\",\"colour\":\"red\"}", "{\"title\":\"t\",\"body\":\"b\",\"contactId\":\"not-a-uuid\"}", "[")) {
            given().auth().oauth2(editor()).contentType("application/json").body(body)
                    .when().post("/api/notes")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(editor()).when().get("/api/notes?limit=0").then().statusCode(400);
        given().auth().oauth2(editor()).when().get("/api/notes?cursor=garbage").then().statusCode(400);
        given().auth().oauth2(editor()).when().get("/api/notes?from=yesterday").then().statusCode(400);
    }

    @Test
    void answers400ForANulCharacterInTheTitleOrTheBody() {
        String id = create("t", "b");
        for (String body : List.of("{\"title\":\"Appel\\u0000\",\"body\":\"x\"}", "{\"title\":\"Appel\",\"body\":\"a\\u0000b\"}")) {
            given().auth().oauth2(editor()).contentType("application/json").body(body)
                    .when().post("/api/notes").then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(editor()).contentType("application/json").body(body)
                    .when().put("/api/notes/" + id).then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(editor()).when().get("/api/notes").then().body("items.id", contains(id));
    }

    @Test
    void answers400ForABodyWithMoreDistinctWordsThanSearchCanIndex() {
        String words = DistinctWords.text(990_000);
        given().auth().oauth2(editor()).contentType("application/json").body(java.util.Map.of("title", "Lexique", "body", words))
                .when().post("/api/notes").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("A text is too long to be indexed for search."));
        given().auth().oauth2(editor()).when().get("/api/notes").then().body("items", hasSize(0));
    }

    @Test
    void answers400ForATimeOutsideTheYearsOneTo9999() {
        for (String time : List.of("+200000-01-01T00:00:00Z", "-200000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "0000-12-31T00:00:00Z")) {
            given().auth().oauth2(editor()).queryParam("from", time).when().get("/api/notes")
                    .then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(editor()).queryParam("to", time).when().get("/api/notes")
                    .then().statusCode(400).contentType("application/problem+json");
        }
        String farCursor = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("+200000-01-01T00:00:00Z|" + UUID.randomUUID()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        given().auth().oauth2(editor()).queryParam("cursor", farCursor).when().get("/api/notes")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void answers401And403() {
        given().when().get("/api/notes").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(tenant, "viewer")).when().get("/api/notes").then().statusCode(401);
        given().auth().oauth2(TestTokens.withoutTenant("viewer")).when().get("/api/notes").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor")).when().get("/api/notes").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType("application/json")
                .body("{\"title\":\"t\",\"body\":\"b\"}").when().post("/api/notes").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "agent")).contentType("application/json")
                .body("{\"title\":\"t\",\"body\":\"b\"}").when().post("/api/notes").then().statusCode(403);
        String id = create("t", "b");
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().delete("/api/notes/" + id).then().statusCode(403);
    }

    @Test
    void pagesNewestFirstWithACursorAndFilters() {
        UUID contact = UUID.randomUUID();
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(given().auth().oauth2(editor()).contentType("application/json")
                    .body("{\"title\":\"n" + i + "\",\"body\":\"b\"" + (i % 2 == 0 ? ",\"contactId\":\"" + contact + "\"" : "") + "}")
                    .when().post("/api/notes").then().statusCode(201).extract().path("id"));
        }
        ValidatableResponse first = given().auth().oauth2(editor()).when().get("/api/notes?limit=2").then().statusCode(200)
                .body("items.id", contains(ids.get(4), ids.get(3))).body("nextCursor", not(nullValue()));
        String cursor = first.extract().path("nextCursor");
        String cursor2 = given().auth().oauth2(editor()).queryParam("limit", 2).queryParam("cursor", cursor).when().get("/api/notes")
                .then().statusCode(200).body("items.id", contains(ids.get(2), ids.get(1))).extract().path("nextCursor");
        given().auth().oauth2(editor()).queryParam("limit", 2).queryParam("cursor", cursor2).when().get("/api/notes")
                .then().statusCode(200).body("items.id", contains(ids.get(0))).body("nextCursor", nullValue());

        given().auth().oauth2(editor()).queryParam("contact", contact.toString()).when().get("/api/notes")
                .then().statusCode(200).body("items.id", contains(ids.get(4), ids.get(2), ids.get(0)));
        given().auth().oauth2(editor()).queryParam("from", "2000-01-01T00:00:00Z").queryParam("to", "2001-01-01T00:00:00Z")
                .when().get("/api/notes").then().statusCode(200).body("items", hasSize(0));
        given().auth().oauth2(editor()).queryParam("from", "2000-01-01T00:00:00Z").when().get("/api/notes")
                .then().statusCode(200).body("items", hasSize(5));
    }

    @Test
    void blocksCardNumbersByDefaultListingKindAndPositionButNeverTheValue() {
        String body = "Client paid with " + CARD + " yesterday";
        String answer = given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Paiement\",\"body\":\"" + body + "\"}")
                .when().post("/api/notes")
                .then().statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/sensitive-data-blocked"))
                .body("findings", hasSize(1))
                .body("findings[0].field", equalTo("body"))
                .body("findings[0].kind", equalTo("CARD_NUMBER"))
                .body("findings[0].start", equalTo(body.indexOf(CARD)))
                .body("findings[0].end", equalTo(body.indexOf(CARD) + CARD.length()))
                .body("findings[0].action", equalTo("BLOCK"))
                .extract().asString();
        assertThat(answer).doesNotContain("4111").doesNotContain("1111 1111");
        given().auth().oauth2(editor()).when().get("/api/notes").then().body("items", hasSize(0));
    }

    @Test
    void redactsIbansByDefaultAndReportsWhatWasMasked() {
        String body = "IBAN " + IBAN + " pour le remboursement";
        String id = given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Remboursement\",\"body\":\"" + body + "\"}")
                .when().post("/api/notes")
                .then().statusCode(201)
                .body("guard", hasSize(1))
                .body("guard[0].kind", equalTo("IBAN"))
                .body("guard[0].action", equalTo("REDACT"))
                .body("guard[0].start", equalTo(5))
                .body("body", equalTo("IBAN **** **** **** **** **** **** *** pour le remboursement"))
                .extract().path("id");
        given().auth().oauth2(editor()).when().get("/api/notes/" + id).then()
                .body("body", endsWith("*** pour le remboursement")).body("body", not(containsString("3000")));
    }

    @Test
    void followsTheTenantsPolicyWarnStoresUnchangedAndReports() {
        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"actions\":{\"IBAN\":\"WARN\",\"CARD_NUMBER\":\"REDACT\"}}")
                .when().put("/api/guard-policy")
                .then().statusCode(200)
                .body("actions.IBAN", equalTo("WARN")).body("actions.CARD_NUMBER", equalTo("REDACT"))
                .body("actions.SECRET", equalTo("REDACT"));
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/guard-policy")
                .then().statusCode(200).body("actions.IBAN", equalTo("WARN"));

        given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Paiement\",\"body\":\"IBAN " + IBAN + ", carte " + CARD + "\"}")
                .when().post("/api/notes")
                .then().statusCode(201)
                .body("guard.kind", contains("IBAN", "CARD_NUMBER"))
                .body("guard.action", contains("WARN", "REDACT"))
                .body("body", equalTo("IBAN " + IBAN + ", carte **** **** **** 1111"));

        // another tenant keeps the defaults
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/guard-policy")
                .then().body("actions.IBAN", equalTo("REDACT")).body("actions.CARD_NUMBER", equalTo("BLOCK"));
    }

    @Test
    void refusesAnInvalidPolicyAndLetsOnlyEditorsChangeIt() {
        given().auth().oauth2(editor()).contentType("application/json").body("{\"actions\":{\"IBAN\":\"SHRUG\"}}")
                .when().put("/api/guard-policy").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body("{\"actions\":{}}")
                .when().put("/api/guard-policy").then().statusCode(400);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType("application/json")
                .body("{\"actions\":{\"IBAN\":\"WARN\"}}").when().put("/api/guard-policy").then().statusCode(403);
    }

    private String create(String title, String body) {
        return given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"" + title + "\",\"body\":\"" + body + "\"}")
                .when().post("/api/notes").then().statusCode(201).extract().path("id");
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }
}
