package dev.oubli.gateway.routing;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
@QuarkusTestResource(RecordingUpstream.class)
class ServiceRoutesTest {

    static final UUID TENANT = UUID.randomUUID();

    @BeforeEach
    void forgetEarlierRequests() {
        RecordingUpstream.RECEIVED.clear();
    }

    @ParameterizedTest
    @CsvSource({
            "/api/contacts, contacts-service",
            "/api/contacts/42?fields=email, contacts-service",
            "/api/contact-imports/7, contacts-service",
            "/api/documents, knowledge-service",
            "/api/search?q=facture, knowledge-service",
            "/api/notes/3, knowledge-service",
            "/api/retention, knowledge-service",
            "/api/guard-policy, knowledge-service",
            "/api/interaction-report?limit=10, knowledge-service",
            "/api/privacy-requests, privacy-service",
            "/api/contact-checks, privacy-service",
            "/api/audit-events/verification, privacy-service",
            "/api/unsubscribe-headers, privacy-service",
            "/api/tenants/11111111-1111-4111-8111-111111111111, privacy-service"})
    void routesEachPathToTheServiceThatOwnsIt(String path, String service) {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get(path)
                .then().statusCode(200)
                .body("service", equalTo(service))
                .body("uri", equalTo(path))
                .body("bearer", equalTo(true));
    }

    @Test
    void streamsTheRequestBodyThrough() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json")
                .body("{\"firstName\":\"Ada\"}")
                .when().post("/api/contacts")
                .then().statusCode(200)
                .body("method", equalTo("POST"))
                .body("body", equalTo("{\"firstName\":\"Ada\"}"));
    }

    @Test
    void refusesADeclaredBodyOverTheRoutesLimitWithAProblemBeforeAnyService() {
        String overOneMebibyte = "{\"firstName\":\"" + "a".repeat(1024 * 1024) + "\"}";
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor"))
                .contentType("application/json").body(overOneMebibyte)
                .when().post("/api/contacts")
                .then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/payload-too-large"));
        assertThat(RecordingUpstream.RECEIVED).isEmpty();

        given().auth().oauth2(TestTokens.forTenant(TENANT, "knowledge-editor"))
                .contentType("application/json").body(overOneMebibyte)
                .when().post("/api/documents")
                .then().statusCode(200)
                .body("service", equalTo("knowledge-service"));
    }

    @Test
    void turnsAwayRequestsWithoutATokenBeforeAnyService() {
        given().when().get("/api/contacts").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "viewer")).when().get("/api/contacts").then().statusCode(401);
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @Test
    void leavesUnknownPathsUnrouted() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get("/api/contactsXYZ")
                .then().statusCode(404);
        assertThat(RecordingUpstream.RECEIVED).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({"/u/some-token", "/public/exports/7?expires=1&signature=x", "/public/tenants/1/privacy-requests"})
    void unsubscribePagesSelfServiceAndSignedLinksArePublic(String path) {
        given().when().get(path)
                .then().statusCode(200)
                .body("service", equalTo("privacy-service"))
                .body("bearer", equalTo(false));
    }
}
