package dev.oubli.privacy;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Input the shared defence of libs/problem refuses with a 400 problem before it reaches the database. */
@QuarkusTest
class PrivacyInputDefenceTest {

    static final UUID TENANT = UUID.randomUUID();

    private static String consent(String proof) {
        return """
                {"subject":{"email":"ada+%s@example.com"},"channel":"EMAIL","purpose":"NEWSLETTER","state":"GRANTED",
                 "source":"FORM","proof":%s}""".formatted(UUID.randomUUID(), proof);
    }

    private static ValidatableResponse record(String body) {
        return given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/api/consents").then();
    }

    @Test
    void refusesANulCharacterInAProofsTextVersionWithAProblemNamingTheField() {
        record(consent("{\"textVersion\":\"v3\\u0000\"}"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("proof.textVersion holds a NUL character, which no text accepts."));
    }

    @Test
    void refusesANumberForATextField() {
        record(consent("{\"textVersion\":3}"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("proof.textVersion has a value of the wrong type or format."));
    }

    @Test
    void refusesATimestampInYear200000() {
        record(consent("{\"collectedAt\":\"+200000-01-01T00:00:00Z\"}"))
                .statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("proof.collectedAt is a date outside years 1 to 9999."));
    }

    @Test
    void refusesANulCharacterInAContactCheckQueryParameter() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer"))
                .urlEncodingEnabled(false)
                .when().get("/api/contact-checks?agentId=%00")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("agentId is not valid percent-encoded UTF-8 or holds a NUL character."));
    }

    @Test
    void answersAWrongContentTypeWithA415Problem() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer"))
                .contentType(ContentType.XML).body("<consent/>")
                .when().post("/api/consents")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/unsupported-media-type"));
    }
}
