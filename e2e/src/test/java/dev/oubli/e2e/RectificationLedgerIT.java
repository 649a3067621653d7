package dev.oubli.e2e;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static dev.oubli.e2e.ThroughGateway.as;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * A rectified email reaches the consent ledger (issue 21 item 5, docs/adr/0047), through the gateway: the consent granted
 * for the old address allows a pre-contact check of the new one, and a suppression recorded afterwards under the old
 * address refuses the new one too.
 */
class RectificationLedgerIT {

    @Test
    void theConsentFollowsTheCorrectedEmailAndASuppressionOfTheOldOneRefusesTheNewOne() {
        String oldEmail = "rectified-old-" + UUID.randomUUID() + "@example.org";
        String newEmail = "rectified-new-" + UUID.randomUUID() + "@example.org";
        as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"Ada\",\"email\":\"" + oldEmail + "\"}")
                .post("/api/contacts").then().statusCode(201);
        as("acme-privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + oldEmail + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"form-v1\"}}")
                .post("/api/consents").then().statusCode(201);
        check(newEmail).body("decision", equalTo("REFUSED")).body("reason", equalTo("NO_CONSENT"));

        String rectification = as("acme-privacy-officer").contentType("application/json")
                .body("{\"type\":\"RECTIFICATION\",\"subject\":{\"emails\":[\"" + oldEmail + "\"]},\"corrections\":{\"email\":\""
                        + newEmail + "\"}}")
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> "COMPLETED".equals(
                as("acme-privacy-officer").get(rectification).then().statusCode(200).extract().path("status")));
        // The ledger is an owner of RECTIFICATION; its counts are asserted by LedgerRectificationTest (another
        // privacy-service reading the same topics, as a helper's jar may be, can answer the receipt first).
        as("acme-privacy-officer").get(rectification).then()
                .body("tasks.find { it.owner == 'privacy-service' }.status", equalTo("COMPLETED"));

        check(newEmail).body("decision", equalTo("ALLOWED"));

        as("acme-privacy-officer").contentType("application/json").body("{\"subject\":{\"email\":\"" + oldEmail + "\"}}")
                .post("/api/suppressions").then().statusCode(200);
        check(newEmail).body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
    }

    private static io.restassured.response.ValidatableResponse check(String email) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.clientToken("emile", "emile-demo-secret"))
                .contentType("application/json")
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + email + "\"}}")
                .post("/api/contact-checks").then().statusCode(200);
    }
}
