package dev.oubli.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anyOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

/** Real Keycloak tokens against every service of the running suite. */
class AuthenticationIT {

    static final String ACME = "11111111-1111-4111-8111-111111111111";

    /** An authenticated endpoint of each service, called on the service's own port. */
    static Stream<Arguments> endpoints() {
        return Stream.of(
                Arguments.of("contacts-service", "/api/contacts"),
                Arguments.of("knowledge-service", "/api/documents"),
                Arguments.of("privacy-service", "/api/privacy-requests"),
                Arguments.of("gateway", "/api/me"));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void anAcmeUsersTokenIsAccepted(String service, String path) {
        given().baseUri(Suite.url(service).toString()).auth().oauth2(Keycloak.userToken("acme-privacy-officer"))
                .when().get(path)
                .then().statusCode(200);
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void noTokenIsTurnedAway(String service, String path) {
        given().baseUri(Suite.url(service).toString())
                .when().get(path)
                .then().statusCode(401).body(not(containsString("items")));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aTokenForAnotherAudienceIsTurnedAway(String service, String path) {
        given().baseUri(Suite.url(service).toString()).auth().oauth2(Keycloak.tokenForAnotherAudience("acme-privacy-officer"))
                .when().get(path)
                .then().statusCode(401).body(not(containsString("items")));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aTokenOfAnotherIssuerIsTurnedAway(String service, String path) {
        given().baseUri(Suite.url(service).toString()).auth().oauth2(Keycloak.tokenOfAnotherIssuer())
                .when().get(path)
                .then().statusCode(401).body(not(containsString("items")));
    }

    @ParameterizedTest
    @MethodSource("endpoints")
    void aTokenWithoutTenantSeesNoTenantData(String service, String path) {
        String platformAccount = Keycloak.clientToken("oubli-automation", "oubli-automation-demo-secret");
        given().baseUri(Suite.url(service).toString()).auth().oauth2(platformAccount)
                .when().get(path)
                .then().statusCode(service.equals("gateway") ? is(200) : anyOf(is(401), is(403)))
                .body(not(containsString("items")));
    }

    @Test
    void theGatewayRoutesToEachServiceWithTheCallersToken() {
        String token = Keycloak.userToken("acme-privacy-officer");
        for (String path : new String[] {"/api/contacts", "/api/documents", "/api/privacy-requests"}) {
            given().baseUri(Suite.url("gateway").toString()).auth().oauth2(token)
                    .when().get(path)
                    .then().statusCode(200).body("items", not(equalTo(null)));
        }
    }

    @Test
    void theGatewayNamesTheCallersTenantFromKeycloak() {
        given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken("acme-viewer"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("tenantId", equalTo(ACME))
                .body("roles", org.hamcrest.Matchers.hasItem("viewer"));
    }

    @Test
    void anAiAgentsTokenCarriesItsTenant() {
        given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.clientToken("emile", "emile-demo-secret"))
                .when().get("/api/me")
                .then().statusCode(200)
                .body("tenantId", equalTo(ACME))
                .body("roles", org.hamcrest.Matchers.hasItem("agent"));
    }
}
