package dev.oubli.gateway.caller;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class CallerResourceTest {

    @Test
    void describesTheBearerOfTheToken() {
        UUID tenant = UUID.randomUUID();
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer", "contacts-editor"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("tenantId", equalTo(tenant.toString()))
                .body("roles", contains("contacts-editor", "viewer"));
    }

    @Test
    void aPlatformAccountHasNoTenant() {
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("tenantId", nullValue());
    }

    @Test
    void answers401WithoutAToken() {
        given().when().get("/api/me").then().statusCode(401);
    }
}
