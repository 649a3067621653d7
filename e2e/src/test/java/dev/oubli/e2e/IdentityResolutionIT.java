package dev.oubli.e2e;

import org.junit.jupiter.api.Test;


import static dev.oubli.e2e.ThroughGateway.as;
import static dev.oubli.e2e.ThroughGateway.submitted;
import static dev.oubli.e2e.ThroughGateway.awaitStatus;
import static dev.oubli.e2e.ThroughGateway.createdInKnowledge;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

/**
 * Identity resolution before action (issue 21, docs/adr/0034): a subject names themselves by email and phone only, and
 * the AI Brain's notes and conversations attached to their contact by id are exported and erased all the same.
 */
class IdentityResolutionIT {

    @Test
    void anExportAndAnErasureByEmailAndPhoneReachTheNotesAndConversationsLinkedToTheContactById() throws Exception {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"lastName\":\"Lovelace\",\"email\":\"" + subject.email()
                        + "\",\"phone\":\"" + subject.phoneNational() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        // Written about the contact by id; neither names the email or the phone.
        String note = createdInKnowledge("/api/notes", "{\"title\":\"Appel\",\"body\":\"" + subject.firstName()
                + " Lovelace rappelle lundi.\",\"contactId\":\"" + contact + "\"}");
        String firstConversation = createdInKnowledge("/api/conversations", conversation(contact, "2026-03-01T09:00:00Z"));
        String secondConversation = createdInKnowledge("/api/conversations", conversation(contact, "2026-03-02T09:00:00Z"));
        String bystanderNote = createdInKnowledge("/api/notes", "{\"title\":\"Autre\",\"body\":\"Rien à voir.\"}");

        String byIdentifiers = "\"subject\":{\"emails\":[\"" + subject.email() + "\"],\"phones\":[\"" + subject.phoneE164() + "\"]}";
        String export = submitted("{\"type\":\"ACCESS\"," + byIdentifiers + "}");
        awaitStatus(export, "COMPLETED");
        as("acme-privacy-officer").get(export).then()
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.notes", equalTo(1))
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.conversations", equalTo(2));

        String erasure = submitted("{\"type\":\"ERASURE\"," + byIdentifiers + "}");
        awaitStatus(erasure, "COMPLETED");
        as("acme-privacy-officer").get(erasure).then()
                .body("tasks.find { it.owner == 'contacts-service' }.counts.erased", equalTo(1))
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.notes-erased", equalTo(1))
                .body("tasks.find { it.owner == 'knowledge-service' }.counts.conversations-erased", equalTo(2));

        for (String gone : new String[]{"/api/notes/" + note, "/api/conversations/" + firstConversation,
                "/api/conversations/" + secondConversation, "/api/contacts/" + contact}) {
            as("acme-privacy-officer").get(gone).then().statusCode(404);
        }
        as("acme-viewer").get("/api/notes/" + bystanderNote).then().statusCode(200);
        String knowledge = Platform.pgDump("oubli_knowledge_test");
        assertThat(knowledge).as("pg_dump of the knowledge database").doesNotContain(subject.firstName(), subject.email(), subject.phoneE164());
    }

    private static String conversation(String contact, String startedAt) {
        return "{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":\"" + startedAt + "\",\"participants\":[{\"contactId\":\""
                + contact + "\"}],\"messages\":[{\"direction\":\"INBOUND\",\"body\":\"Bonjour, je voudrais un devis.\"}]}";
    }
}
