package dev.oubli.privacy.tenant;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** The tenant registry: who may register a tenant, and public paths that answer for ACTIVE tenants only. */
@QuarkusTest
class TenantRegistryTest {

    final UUID tenant = UUID.randomUUID();

    static ValidatableResponse put(String token, UUID tenant, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().put("/api/tenants/" + tenant).then();
    }

    static ValidatableResponse selfService(UUID tenant) {
        return given().header("X-Forwarded-For", "10.99.0.1").contentType(ContentType.JSON)
                .body(Map.of("type", "ACCESS", "email", "who-" + UUID.randomUUID() + "@example.com"))
                .when().post("/public/tenants/" + tenant + "/privacy-requests").then();
    }

    @Test
    void platformAutomationRegistersATenantAndChangesItsStatus() {
        put(TestTokens.withoutTenant("platform-admin"), tenant, """
                {"slug": "t-%s", "displayName": "Initech"}""".formatted(tenant))
                .statusCode(200).body("id", equalTo(tenant.toString())).body("displayName", equalTo("Initech"))
                .body("status", equalTo("ACTIVE")).body("createdAt", notNullValue());
        put(TestTokens.withoutTenant("platform-admin"), tenant, """
                {"slug": "t-%s", "displayName": "Initech", "status": "SUSPENDED"}""".formatted(tenant))
                .statusCode(200).body("status", equalTo("SUSPENDED"));
    }

    @Test
    void nobodyButPlatformAutomationRegistersATenant() {
        String body = "{\"slug\": \"t-" + tenant + "\", \"displayName\": \"Initech\"}";
        // A tenant's own platform admin is bound to that tenant.
        put(TestTokens.forTenant(tenant, "platform-admin"), tenant, body).statusCode(403);
        put(TestTokens.withoutTenant("privacy-officer"), tenant, body).statusCode(403);
        given().contentType(ContentType.JSON).body(body).when().put("/api/tenants/" + tenant).then().statusCode(401);
    }

    @Test
    void refusesAnInvalidRegistrationWithAProblem() {
        put(TestTokens.withoutTenant("platform-admin"), tenant, "{\"slug\": \"Not A Slug\", \"displayName\": \"x\"}")
                .statusCode(400).contentType("application/problem+json");
        put(TestTokens.withoutTenant("platform-admin"), tenant, "{\"slug\": \"t-" + tenant + "\", \"displayName\": \"x\", \"status\": \"GONE\"}")
                .statusCode(400).contentType("application/problem+json");
        put(TestTokens.withoutTenant("platform-admin"), tenant, "{\"slug\": \"t-" + tenant + "\"}")
                .statusCode(400).contentType("application/problem+json");
    }

    @Test
    void publishesTheProfileOfAnActiveTenantToThePortal() {
        put(TestTokens.withoutTenant("platform-admin"), tenant, """
                {"slug": "t-%s", "displayName": "Initech", "privacyContact": "dpo@initech.example",
                 "locale": "de-DE", "timeZone": "Europe/Berlin"}""".formatted(tenant))
                .statusCode(200).body("privacyContact", equalTo("dpo@initech.example"))
                .body("locale", equalTo("de-DE")).body("timeZone", equalTo("Europe/Berlin"));
        given().when().get("/public/tenants/" + tenant).then().statusCode(200)
                .body("id", equalTo(tenant.toString())).body("slug", equalTo("t-" + tenant))
                .body("displayName", equalTo("Initech")).body("privacyContact", equalTo("dpo@initech.example"))
                .body("locale", equalTo("de-DE")).body("timeZone", equalTo("Europe/Berlin"))
                .body("status", nullValue()).body("createdAt", nullValue());
    }

    @Test
    void givesARegisteredTenantTheDefaultLocaleAndTimeZone() {
        TestTenants.register(tenant);
        given().when().get("/public/tenants/" + tenant).then().statusCode(200)
                .body("locale", equalTo("fr-FR")).body("timeZone", equalTo("Europe/Paris")).body("privacyContact", nullValue());
    }

    @Test
    void refusesAnUnknownLocaleTimeZoneOrPrivacyContactWithAProblem() {
        for (String field : new String[]{"\"locale\": \"not a locale!\"", "\"timeZone\": \"Mars/Olympus\"",
                "\"privacyContact\": \"no-at-sign\"", "\"locale\": 7"}) {
            put(TestTokens.withoutTenant("platform-admin"), tenant,
                    "{\"slug\": \"t-" + tenant + "\", \"displayName\": \"x\", " + field + "}")
                    .statusCode(400).contentType("application/problem+json");
        }
    }

    @Test
    void answers404ForTheProfileOfAnUnknownOrInactiveTenant() {
        given().when().get("/public/tenants/" + tenant).then().statusCode(404).contentType("application/problem+json");
        given().when().get("/public/tenants/not-a-tenant").then().statusCode(404).contentType("application/problem+json");
        for (String status : new String[]{"SUSPENDED", "TERMINATING", "PURGED"}) {
            TestTenants.put(tenant, status);
            given().when().get("/public/tenants/" + tenant).then().statusCode(404).contentType("application/problem+json");
        }
    }

    @Test
    void answers404OnEveryPublicPathOfAnUnknownTenant() {
        selfService(tenant).statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("code", "123456"))
                .when().post("/public/tenants/" + tenant + "/privacy-requests/" + UUID.randomUUID() + "/verification")
                .then().statusCode(404).contentType("application/problem+json");
        given().when().get("/public/exports/" + tenant + "/" + UUID.randomUUID() + "?expires=4102444800&signature=AAAA")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void answers404OnEveryPublicPathOfATenantNoLongerActive() {
        TestTenants.register(tenant);
        String email = "lin+" + UUID.randomUUID() + "@example.com";
        String header = given().auth().oauth2(TestTokens.forTenant(tenant, "agent")).contentType(ContentType.JSON)
                .body("{\"recipient\":{\"email\":\"" + email + "\"},\"purpose\":\"MARKETING\"}")
                .when().post("/api/unsubscribe-headers").then().statusCode(200).extract().path("listUnsubscribe");
        String link = "/u/" + header.substring(header.lastIndexOf('/') + 1, header.length() - 1);
        selfService(tenant).statusCode(202);
        given().when().get(link).then().statusCode(200);

        for (String status : new String[]{"SUSPENDED", "TERMINATING", "PURGED"}) {
            TestTenants.put(tenant, status);
            selfService(tenant).statusCode(404).contentType("application/problem+json");
            given().when().get(link).then().statusCode(404);
            given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").when().post(link).then().statusCode(404);
        }
        TestTenants.register(tenant);
        selfService(tenant).statusCode(202);
    }
}
