package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * A bearer token is verified in full once, then known by its hash until its expiry or the time to live (ADR 0049):
 * the edge's checks (tenant, budgets) still apply on every request, and a refused token is never kept.
 */
@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class TokenVerificationTest {

    @TestHTTPResource(value = "metrics", management = true)
    URL metrics;

    private double admitted(String outcome) {
        return given().when().get(metrics).then().statusCode(200).extract().asString().lines()
                .filter(line -> line.startsWith("gateway_bearer_tokens_total{") && line.contains("outcome=\"" + outcome + "\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void aTokenUsedTwentyTimesIsVerifiedOnce() {
        String token = TestTokens.forClient(UUID.randomUUID(), "emile", "agent");
        double verified = admitted("verified");
        double cached = admitted("cached");
        for (int i = 0; i < 20; i++) {
            given().auth().oauth2(token).when().get("/api/contact-checks/noop")
                    .then().statusCode(200).body("service", equalTo("privacy-service")).body("bearer", equalTo(true));
        }
        assertThat(admitted("verified") - verified).isEqualTo(1);
        assertThat(admitted("cached") - cached).isEqualTo(19);
    }

    @Test
    void aKnownTokenWithoutATenantIsStillRefusedOnTenantApis() {
        String platform = TestTokens.withoutTenant("platform-admin");
        given().auth().oauth2(platform).when().get("/api/tenants").then().statusCode(200);
        given().auth().oauth2(platform).when().get("/api/contacts")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(platform).when().get("/api/tenants").then().statusCode(200);
    }

    @Test
    void aRefusedTokenIsNeverKept() {
        String otherAudience = TestTokens.forOtherAudience(UUID.randomUUID(), "viewer");
        double verified = admitted("verified");
        double cached = admitted("cached");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(otherAudience).when().get("/api/contacts")
                    .then().statusCode(401).contentType("application/problem+json");
        }
        assertThat(admitted("verified")).isEqualTo(verified);
        assertThat(admitted("cached")).isEqualTo(cached);
    }
}
