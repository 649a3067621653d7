package dev.oubli.contacts.contact;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;

@QuarkusTest
class ContactCreationTest {

    static final UUID TENANT = UUID.randomUUID();

    @Test
    void createsAContactWithNormalisedIdentifiersAndReadsItBack() {
        String location = given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json")
                .body("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"email\":\" Ada@Example.COM \",\"phone\":\"06 12 34 56 78\"}")
                .when().post("/api/contacts")
                .then().statusCode(201)
                // Relative: through the gateway, an absolute one would name this service's own address (issue 21).
                .header("Location", matchesPattern("^/api/contacts/[0-9a-f-]{36}$"))
                .body("email", equalTo("ada@example.com"))
                .body("phone", equalTo("+33612345678"))
                .extract().header("Location");

        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get(location)
                .then().statusCode(200)
                .body("firstName", equalTo("Ada"))
                .body("id", not(equalTo(null)));
    }

    @Test
    void anotherTenantsContactIsNotFound() {
        String id = given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body("{\"firstName\":\"Grace\"}")
                .when().post("/api/contacts")
                .then().statusCode(201).extract().path("id");

        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer"))
                .when().get("/api/contacts/" + id)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", endsWith("/not-found"));
    }

    @Test
    void rejectsAnInvalidEmailWithoutEchoingIt() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body("{\"email\":\"ada-at-example.com\"}")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body(not(containsString("ada-at-example.com")));
    }

    @Test
    void rejectsAnInvalidPhoneAndAnUnknownField() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body("{\"phone\":\"12\"}")
                .when().post("/api/contacts")
                .then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body("{\"firstName\":\"Ada\",\"nickname\":\"A\"}")
                .when().post("/api/contacts")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void rejectsABodyThatIsNotJson() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body("{\"firstName\": \"Ada")
                .when().post("/api/contacts")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("The body is not valid JSON."));
    }

    @Test
    void aViewerMayNotCreate() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .contentType("application/json").body("{\"firstName\":\"Ada\"}")
                .when().post("/api/contacts")
                .then().statusCode(403);
    }
}
