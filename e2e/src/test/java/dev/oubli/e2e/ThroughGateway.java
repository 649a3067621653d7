package dev.oubli.e2e;

import io.restassured.specification.RequestSpecification;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Calls through the suite's gateway as a demo user of Acme, and the steps the privacy-rights tests share. */
final class ThroughGateway {

    private ThroughGateway() {
    }

    /** A request through the gateway with the user's own token (the realm's demo users, e2e README). */
    static RequestSpecification as(String user) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken(user));
    }

    /** Creates a note or conversation in the AI Brain as Acme's knowledge editor: its id. */
    static String createdInKnowledge(String path, String body) {
        return as("acme-knowledge-editor").contentType("application/json").body(body)
                .post(path).then().statusCode(201).extract().path("id");
    }

    /** Submits a privacy request as Acme's privacy officer: its relative Location. */
    static String submitted(String body) {
        return as("acme-privacy-officer").contentType("application/json").body(body)
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
    }

    /** Waits until the request at that Location has the status. */
    static void awaitStatus(String request, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(as("acme-privacy-officer").get(request).then().statusCode(200).extract().path("status")));
    }
}
