package dev.oubli.contacts;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Input the shared defence of libs/problem refuses with a 400 problem before it reaches the database. */
@QuarkusTest
class ContactsInputDefenceTest {

    static final UUID TENANT = UUID.randomUUID();

    private static io.restassured.specification.RequestSpecification editor() {
        return given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"));
    }

    @Test
    void refusesANulCharacterInAFirstNameWithAProblemNamingTheField() {
        editor().contentType(ContentType.JSON).body("{\"firstName\":\"Ada\\u0000\",\"email\":\"ada@example.com\"}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("firstName holds a NUL character, which no text accepts."));
    }

    @Test
    void refusesANulCharacterInAnAttributeValue() {
        editor().contentType(ContentType.JSON).body("{\"firstName\":\"Ada\",\"attributes\":{\"team\":\"a\\u0000\"}}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("attributes.team holds a NUL character, which no text accepts."));
    }

    @Test
    void refusesANumberForATextFieldInsteadOfStoringItAsText() {
        editor().contentType(ContentType.JSON).body("{\"firstName\":5}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("firstName has a value of the wrong type or format."));
    }

    @Test
    void answersAWrongContentTypeWithA415Problem() {
        editor().contentType(ContentType.TEXT).body("firstName=Ada")
                .when().post("/api/contacts")
                .then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/unsupported-media-type"));
    }

    @Test
    void refusesANulCharacterInAQueryParameter() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .urlEncodingEnabled(false)
                .when().get("/api/contacts?q=%00")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("q is not valid percent-encoded UTF-8 or holds a NUL character."));
    }

    @Test
    void refusesATimestampBeyondYear9999InAQueryParameter() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .queryParam("updatedSince", "+200000-01-01T00:00:00Z")
                .when().get("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("updatedSince is a date outside years 1 to 9999."));
    }
}
