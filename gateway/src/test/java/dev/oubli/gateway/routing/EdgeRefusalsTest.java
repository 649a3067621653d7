package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

/** The gateway's own refusals are RFC 9457 problems, given before any service sees the request. */
@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class EdgeRefusalsTest {

    static final UUID TENANT = UUID.randomUUID();

    @BeforeEach
    void forgetEarlierRequests() {
        RecordingUpstream.RECEIVED.clear();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/contacts", "/api/me", "/api/tenants"})
    void aRequestWithoutATokenGetsA401Problem(String path) {
        given().when().get(path)
                .then().statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", "Bearer")
                .body("type", equalTo("https://oubli.dev/problems/unauthorized"))
                .body("status", equalTo(401));
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @Test
    void aTokenForAnotherAudienceOrNotATokenGetsA401Problem() {
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "viewer")).when().get("/api/contacts")
                .then().statusCode(401).contentType("application/problem+json");
        given().auth().oauth2("not-a-token").when().get("/api/notes/1")
                .then().statusCode(401).contentType("application/problem+json");
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not-a-uuid", "11111111-1111-4111-8111-11111111111Z"})
    void aTokenWithoutAValidTenantGetsA403ProblemOnTenantApis(String tenantClaim) {
        String token = tenantClaim.isEmpty() ? TestTokens.withoutTenant("platform-admin")
                : TestTokens.withTenantClaim(tenantClaim, "viewer");
        given().auth().oauth2(token).when().get("/api/contacts")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/forbidden"));
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @Test
    void platformAutomationWithoutATenantReachesOnlyTheTenantRegistry() {
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).when().get("/api/tenants")
                .then().statusCode(200)
                .body("service", equalTo("privacy-service"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/contactsXYZ", "/api/nothing/here", "/nothing", "/u-turn"})
    void anUnknownRouteGetsA404Problem(String path) {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer")).when().get(path)
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/not-found"));
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @Test
    void aChunkedBodyOverTheRoutesLimitGetsA413ProblemAsItStreams() {
        byte[] overOneMebibyte = ("{\"firstName\":\"" + "a".repeat(1024 * 1024) + "\"}").getBytes();
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body(new ByteArrayInputStream(overOneMebibyte))
                .when().post("/api/contacts")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/payload-too-large"));
    }

    @Test
    void aChunkedBodyUnderTheLimitStreamsThrough() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body(new ByteArrayInputStream("{\"firstName\":\"Ada\"}".getBytes()))
                .when().post("/api/contacts")
                .then().statusCode(200)
                .body("body", equalTo("{\"firstName\":\"Ada\"}"));
    }

    @Test
    void overItsBudgetATenantGetsA429ProblemWithRetryAfterAndRateLimitHeaders() {
        String limited = TestTokens.withTenantClaim(RecordingUpstream.RATE_LIMITED_TENANT, "viewer");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(limited).when().get("/api/contacts")
                    .then().statusCode(200)
                    .header("RateLimit-Limit", "3")
                    .header("RateLimit-Remaining", String.valueOf(2 - i));
        }
        given().auth().oauth2(limited).when().get("/api/notes")
                .then().statusCode(429)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/too-many-requests"))
                .header("Retry-After", notNullValue())
                .header("RateLimit-Remaining", "0")
                .header("RateLimit-Reset", notNullValue());
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer")).when().get("/api/notes").then().statusCode(200);
    }

    @Test
    void aTenantsOwnClientBudgetLimitsEachOfItsClientsAndAClientsOwnBudgetLimitsThatClient() {
        UUID limitedTenant = UUID.fromString(RecordingUpstream.CLIENT_LIMITED_TENANT);
        for (String client : new String[] {"first-client", "second-client"}) {
            String token = TestTokens.forClient(limitedTenant, client, "agent");
            for (int i = 0; i < 2; i++) {
                given().auth().oauth2(token).when().get("/api/contact-checks/noop")
                        .then().statusCode(200).header("RateLimit-Limit", "2");
            }
            given().auth().oauth2(token).when().get("/api/contact-checks/noop")
                    .then().statusCode(429).contentType("application/problem+json").header("Retry-After", notNullValue());
        }
        // The client with a budget of its own, in a tenant without overrides; other clients of that tenant go on.
        String tiny = TestTokens.forClient(TENANT, RecordingUpstream.RATE_LIMITED_CLIENT, "agent");
        given().auth().oauth2(tiny).when().get("/api/contact-checks/noop")
                .then().statusCode(200).header("RateLimit-Limit", "1").header("RateLimit-Remaining", "0");
        given().auth().oauth2(tiny).when().get("/api/contact-checks/noop")
                .then().statusCode(429).header("RateLimit-Policy", "1;w=60").header("Retry-After", notNullValue());
        given().auth().oauth2(TestTokens.forClient(TENANT, "another-client", "agent")).when().get("/api/contact-checks/noop")
                .then().statusCode(200).header("RateLimit-Limit", "15000");
    }

    @ParameterizedTest
    @CsvSource({"/portal, web", "/portal/requests/new, web", "/console, web", "/console/contacts, web",
            "/web-assets/app.js, web", "/public/tenants/1, privacy-service"})
    void theWebPagesArePublicAndGoToTheWebModule(String path, String service) {
        given().when().get(path)
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("bearer", equalTo(false));
    }
}
