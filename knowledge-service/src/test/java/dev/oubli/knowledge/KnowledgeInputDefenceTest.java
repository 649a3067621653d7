package dev.oubli.knowledge;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Input refused with a 400 problem, by the shared defence of libs/problem or as the database's last word. */
@QuarkusTest
class KnowledgeInputDefenceTest {

    static final UUID TENANT = UUID.randomUUID();

    private static io.restassured.specification.RequestSpecification editor() {
        return given().auth().oauth2(TestTokens.forTenant(TENANT, "knowledge-editor"));
    }

    @Test
    void refusesANulCharacterInANotesTitleWithAProblemNamingTheField() {
        editor().contentType(ContentType.JSON).body("{\"title\":\"Appel\\u0000\",\"body\":\"Rappeler lundi\"}")
                .when().post("/api/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("title holds a NUL character, which no text accepts."));
    }

    @Test
    void refusesANumberForATextField() {
        editor().contentType(ContentType.JSON).body("{\"title\":5,\"body\":\"Rappeler lundi\"}")
                .when().post("/api/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("title has a value of the wrong type or format."));
    }

    @Test
    void refusesAConversationStartedInYear200000() {
        editor().contentType(ContentType.JSON).body("""
                        {"agent":"tom","channel":"CALL","startedAt":"+200000-01-01T00:00:00Z","participants":[{"phone":"+33612345678"}]}""")
                .when().post("/api/conversations")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("startedAt is a date outside years 1 to 9999."));
    }

    @Test
    void answersAWrongContentTypeWithA415Problem() {
        editor().contentType(ContentType.TEXT).body("Appel")
                .when().post("/api/notes")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/unsupported-media-type"));
    }

    @Test
    void refusesANoteTooLongToBeIndexedForSearchWithA400() {
        StringBuilder body = new StringBuilder();
        for (int i = 0; body.length() < 950_000; i++) {
            StringBuilder word = new StringBuilder();
            for (int n = i + 26 * 26 * 26 * 26 * 26 * 26; n > 0; n /= 26) {
                word.append((char) ('a' + n % 26));
            }
            body.append(word).append(' ');
        }
        editor().contentType(ContentType.JSON).body("{\"title\":\"Long\",\"body\":\"" + body + "\"}")
                .when().post("/api/notes")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("A text is too long to be indexed for search."));
    }
}
