package dev.oubli.e2e;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.not;

/**
 * A restriction reaches every owner and can be lifted (issue 21 item 4, docs/adr/0039): a RESTRICTION naming only the
 * person's email hides their conversation and the note about their contact from search and from readers, freezes the
 * contact, and a RESTRICTION_LIFT brings all of it back, through the gateway. Run alone it took 130 s, most of it the
 * suite's start; the two requests each go through identity resolution and three owners.
 */
class RestrictionIT {

    @Test
    void aRestrictionByEmailHidesTheAiBrainsDataAndFreezesTheContactUntilItIsLifted() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        String note = created("/api/notes", "{\"title\":\"Appel\",\"body\":\"" + subject.firstName()
                + " rappelle lundi.\",\"contactId\":\"" + contact + "\"}");
        String conversation = created("/api/conversations", "{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":"
                + "\"2026-03-01T09:00:00Z\",\"participants\":[{\"contactId\":\"" + contact + "\"}],\"messages\":"
                + "[{\"direction\":\"INBOUND\",\"body\":\"" + subject.firstName() + " voudrait un devis.\"}]}");
        as("acme-viewer").queryParam("q", subject.firstName()).get("/api/search").then().statusCode(200)
                .body("hits.id", hasItems(note)).body("hits.conversationId", hasItems(conversation));

        String restriction = submit("{\"type\":\"RESTRICTION\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(restriction, "COMPLETED");
        as("acme-privacy-officer").get(restriction).then()
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.conversations-restricted", equalTo(1))
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.notes-restricted", equalTo(1));
        as("acme-viewer").queryParam("q", subject.firstName()).get("/api/search").then().statusCode(200)
                .body("hits.id", not(hasItems(note))).body("hits.conversationId", not(hasItems(conversation)));
        as("acme-viewer").get("/api/conversations/" + conversation).then().statusCode(403)
                .body("type", containsString("processing-restricted"));
        as("acme-contacts-editor").contentType("application/merge-patch+json").body("{\"lastName\":\"Lovelace\"}")
                .patch("/api/contacts/" + contact).then().statusCode(409).body("type", containsString("contact-restricted"));

        String lift = submit("{\"type\":\"RESTRICTION_LIFT\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(lift, "COMPLETED");
        as("acme-viewer").queryParam("q", subject.firstName()).get("/api/search").then().statusCode(200)
                .body("hits.id", hasItems(note)).body("hits.conversationId", hasItems(conversation));
        as("acme-viewer").get("/api/conversations/" + conversation).then().statusCode(200);
        as("acme-contacts-editor").contentType("application/merge-patch+json").body("{\"lastName\":\"Lovelace\"}")
                .patch("/api/contacts/" + contact).then().statusCode(200).body("processingRestricted", equalTo(false));
        for (String request : List.of(restriction, lift)) {
            as("acme-privacy-officer").get(request).then().body("tasks.owner",
                    hasItems("contacts-service", "knowledge-service", "privacy-service"));
        }
    }

    private static String created(String path, String body) {
        return as("acme-knowledge-editor").contentType("application/json").body(body)
                .post(path).then().statusCode(201).extract().path("id");
    }

    private static String submit(String body) {
        return as("acme-privacy-officer").contentType("application/json").body(body)
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
    }

    private static void awaitStatus(String request, String status) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(as("acme-privacy-officer").get(request).then().statusCode(200).extract().path("status")));
    }

    private static RequestSpecification as(String user) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken(user));
    }
}
