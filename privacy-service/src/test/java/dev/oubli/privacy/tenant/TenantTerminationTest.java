package dev.oubli.privacy.tenant;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;

/** Terminating a tenant: a grace period with access, then 404 everywhere public (docs/adr/0038). */
@QuarkusTest
class TenantTerminationTest {

    final UUID tenant = UUID.randomUUID();

    static ValidatableResponse terminate(String token, UUID tenant, String body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .when().post("/api/tenants/" + tenant + "/termination").then();
    }

    @Test
    void aTerminatedTenantKeepsItsPublicPathsForTheDefaultGracePeriodOfThirtyDays() {
        TestTenants.register(tenant);
        String accessEndsAt = terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{}")
                .statusCode(200).body("status", equalTo("TERMINATING")).extract().path("accessEndsAt");
        assertThat(Duration.between(Instant.now(), Instant.parse(accessEndsAt)))
                .isBetween(Duration.ofDays(30).minusMinutes(5), Duration.ofDays(30));
        given().when().get("/public/tenants/" + tenant).then().statusCode(200).body("id", equalTo(tenant.toString()));
    }

    @Test
    void aTerminatedTenantPastItsGracePeriodIsNotFoundOnPublicPaths() {
        TestTenants.register(tenant);
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{\"gracePeriodDays\": 0}")
                .statusCode(200).body("status", equalTo("TERMINATING"));
        given().when().get("/public/tenants/" + tenant).then().statusCode(404).contentType("application/problem+json");
        given().contentType(ContentType.JSON).body("{\"type\":\"ACCESS\",\"email\":\"who-" + tenant + "@example.com\"}")
                .when().post("/public/tenants/" + tenant + "/privacy-requests")
                .then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void aTenantIsTerminatedOnceAndAnUnknownOneIsNotFound() {
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{}").statusCode(404).contentType("application/problem+json");
        TestTenants.register(tenant);
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{}").statusCode(200);
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{}").statusCode(409).body("type", endsWith("/tenant-not-active"));
    }

    @Test
    void onlyPlatformAutomationTerminatesATenantWithAValidGracePeriod() {
        TestTenants.register(tenant);
        terminate(TestTokens.forTenant(tenant, "platform-admin"), tenant, "{}").statusCode(403);
        terminate(TestTokens.withoutTenant("privacy-officer"), tenant, "{}").statusCode(403);
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{\"gracePeriodDays\": -1}").statusCode(400).contentType("application/problem+json");
        terminate(TestTokens.withoutTenant("platform-admin"), tenant, "{\"gracePeriodDays\": 366}").statusCode(400).contentType("application/problem+json");
        given().when().get("/public/tenants/" + tenant).then().statusCode(200);
    }
}
