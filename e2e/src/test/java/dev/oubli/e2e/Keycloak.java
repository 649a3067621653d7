package dev.oubli.e2e;

import io.restassured.RestAssured;

/** Real access tokens from the platform's Keycloak (realm oubli, demo users of deploy/keycloak). */
public final class Keycloak {

    static final String DEMO_PASSWORD = "oubli-demo";

    private Keycloak() {
    }

    /** Password grant through the oubli-cli client, as a user of the web front would get. */
    public static String userToken(String username) {
        return token("oubli", "grant_type", "password", "client_id", "oubli-cli", "username", username, "password", DEMO_PASSWORD);
    }

    /** Client-credentials grant of a confidential client (an AI agent or the automation account). */
    static String clientToken(String clientId, String secret) {
        return token("oubli", "grant_type", "client_credentials", "client_id", clientId, "client_secret", secret);
    }

    /** Signed by the same Keycloak but for Keycloak's own admin-cli client: not for the oubli-api audience. */
    static String tokenForAnotherAudience(String username) {
        return token("oubli", "grant_type", "password", "client_id", "admin-cli", "username", username, "password", DEMO_PASSWORD);
    }

    /** A valid token of another issuer: the master realm's administrator. */
    static String tokenOfAnotherIssuer() {
        return token("master", "grant_type", "password", "client_id", "admin-cli", "username", "admin", "password", "admin");
    }

    private static String token(String realm, String... form) {
        var request = RestAssured.given().baseUri(Suite.keycloak().toString()).contentType("application/x-www-form-urlencoded");
        for (int i = 0; i < form.length; i += 2) {
            request = request.formParam(form[i], form[i + 1]);
        }
        return request.post("/realms/" + realm + "/protocol/openid-connect/token")
                .then().statusCode(200)
                .extract().path("access_token");
    }
}
