package dev.oubli.e2e;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.oubli.e2e.ThroughGateway.as;
import static dev.oubli.e2e.ThroughGateway.submitted;
import static dev.oubli.e2e.ThroughGateway.awaitStatus;
import static dev.oubli.e2e.ThroughGateway.createdInKnowledge;
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
        String note = createdInKnowledge("/api/notes", "{\"title\":\"Appel\",\"body\":\"" + subject.firstName()
                + " rappelle lundi.\",\"contactId\":\"" + contact + "\"}");
        String conversation = createdInKnowledge("/api/conversations", "{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":"
                + "\"2026-03-01T09:00:00Z\",\"participants\":[{\"contactId\":\"" + contact + "\"}],\"messages\":"
                + "[{\"direction\":\"INBOUND\",\"body\":\"" + subject.firstName() + " voudrait un devis.\"}]}");
        as("acme-viewer").queryParam("q", subject.firstName()).get("/api/search").then().statusCode(200)
                .body("hits.id", hasItems(note)).body("hits.conversationId", hasItems(conversation));

        String restriction = submitted("{\"type\":\"RESTRICTION\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
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

        String lift = submitted("{\"type\":\"RESTRICTION_LIFT\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
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
}
