package dev.oubli.e2e;

import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.oubli.e2e.ThroughGateway.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * "Supprimez le contact… la suppression est répercutée" (issue 21 item 1, docs/adr/0035): deleting a contact opens an
 * ERASURE request that every owner carries out, so the note about the contact, its consent and the contact are gone.
 */
class ContactDeletionIT {

    @Test
    void deletingAContactErasesItsNoteConsentAndTheContactThroughAPrivacyRequest() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"lastName\":\"Lovelace\",\"email\":\"" + subject.email() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        String note = as("acme-knowledge-editor").contentType("application/json")
                .body("{\"title\":\"Appel\",\"body\":\"" + subject.firstName() + " Lovelace rappelle lundi.\",\"contactId\":\"" + contact + "\"}")
                .post("/api/notes").then().statusCode(201).extract().path("id");
        as("acme-privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + subject.email() + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"newsletter-form-v3\"}}")
                .post("/api/consents").then().statusCode(201);

        ExtractableResponse<Response> deleted = as("acme-contacts-editor").delete("/api/contacts/" + contact)
                .then().statusCode(202).extract();
        String request = deleted.header("Location");
        assertThat(request).startsWith("/api/privacy-requests/");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(() -> {
            Response found = as("acme-privacy-officer").get(request);
            return found.statusCode() == 200 && "COMPLETED".equals(found.path("status"));
        });
        as("acme-privacy-officer").get(request).then()
                .body("type", equalTo("ERASURE"))
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.notes-erased", equalTo(1));
        as("acme-privacy-officer").get("/api/notes/" + note).then().statusCode(404);
        as("acme-privacy-officer").get("/api/contacts/" + contact).then().statusCode(404);
        List<?> history = as("acme-privacy-officer").contentType("application/json")
                .body("{\"email\":\"" + subject.email() + "\"}").post("/api/consents/lookup")
                .then().statusCode(200).extract().path("history");
        assertThat(history).isEmpty();
        as("acme-privacy-officer").get("/api/audit-events?requestId=" + request.substring(request.lastIndexOf('/') + 1)
                + "&action=REQUEST_RECEIVED").then().statusCode(200).body("items[0].details.origin", equalTo("contact-deletion"));
    }
}
