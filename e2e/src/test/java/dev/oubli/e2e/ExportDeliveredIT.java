package dev.oubli.e2e;

import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static dev.oubli.e2e.ThroughGateway.as;
import static dev.oubli.e2e.ThroughGateway.submitted;
import static dev.oubli.e2e.ThroughGateway.awaitStatus;
import static dev.oubli.e2e.ThroughGateway.createdInKnowledge;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;

/**
 * Issue 21 item 6 (docs/adr/0041): "exportez la fiche contact et les logs de conversation liés". An access request by
 * email yields one bundle holding the contact card, the consent with its proof, the pre-contact-check evidence, both
 * conversations and the note about the person, each as JSON and CSV, with a human-readable index; an erasure then
 * leaves none of it, in the AI Brain's database included.
 */
class ExportDeliveredIT {

    @Test
    void theBundleHoldsTheCardConsentsCheckConversationsAndNoteAndTheErasureThenLeavesNoneOfThem() throws Exception {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        // Through the gateway the Location is relative: the gateway's clients never see a service's own address.
        Response created = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"lastName\":\"Lovelace\",\"email\":\"" + subject.email() + "\"}")
                .post("/api/contacts");
        created.then().statusCode(201).header("Location", matchesPattern("^/api/contacts/[0-9a-f-]{36}$"));
        String contact = created.path("id");
        as("acme-privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + subject.email() + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"form-v7-" + subject.firstName() + "\"}}")
                .post("/api/consents").then().statusCode(201);
        String check = given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.clientToken("emile", "emile-demo-secret"))
                .contentType("application/json")
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + subject.email() + "\"}}")
                .post("/api/contact-checks").then().statusCode(200).extract().path("checkId");
        String firstConversation = createdInKnowledge("/api/conversations", conversation(contact, "2026-03-01T09:00:00Z", "Premier échange " + subject.firstName()));
        String secondConversation = createdInKnowledge("/api/conversations", conversation(contact, "2026-03-02T09:00:00Z", "Second échange " + subject.firstName()));
        String note = createdInKnowledge("/api/notes", "{\"title\":\"Appel\",\"body\":\"" + subject.firstName()
                + " Lovelace rappelle lundi.\",\"contactId\":\"" + contact + "\"}");

        String access = submitted("{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(access, "COMPLETED");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> "READY".equals(as("acme-privacy-officer").get(access + "/export").then().extract().path("state")));
        String link = as("acme-privacy-officer").get(access + "/export").then().extract().path("link");
        Response download = given().baseUri(Suite.url("gateway").toString()).urlEncodingEnabled(false).get(link);
        assertThat(download.statusCode()).isEqualTo(200);
        Map<String, String> files = unzip(download.asByteArray());

        assertThat(files).containsKeys("LISEZMOI-README.txt", "manifest.json", "contacts-service.json", "contacts-service/contacts.csv",
                "knowledge-service.json", "privacy-service.json", "privacy-service/consents.csv", "privacy-service/contact-checks.csv");
        assertThat(files.get("contacts-service/contacts.csv")).contains(subject.email(), subject.firstName());
        assertThat(files.get("privacy-service/consents.csv")).contains("form-v7-" + subject.firstName(), "GRANTED");
        assertThat(files.get("privacy-service.json")).contains(check);
        String knowledge = files.get("knowledge-service.json");
        assertThat(knowledge).contains(firstConversation, secondConversation, "Premier échange", "Second échange", note, "rappelle lundi");
        assertThat(files.keySet()).anyMatch(name -> name.startsWith("knowledge-service/") && name.contains("conversation"))
                .anyMatch(name -> name.equals("knowledge-service/notes.csv"));
        assertThat(files.get("LISEZMOI-README.txt")).contains("contact card", "conversation logs", "consents with their proof",
                "pre-contact-check evidence");

        String erasure = submitted("{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(erasure, "COMPLETED");
        for (String gone : new String[]{"/api/contacts/" + contact, "/api/notes/" + note, "/api/conversations/" + firstConversation,
                "/api/conversations/" + secondConversation}) {
            as("acme-privacy-officer").get(gone).then().statusCode(404);
        }
        as("acme-privacy-officer").contentType("application/json").body("{\"email\":\"" + subject.email() + "\"}")
                .post("/api/consents/lookup").then().statusCode(200).body("history.size()", equalTo(0));
        assertThat(Platform.pgDump("oubli_knowledge_test")).as("pg_dump of the knowledge database")
                .doesNotContain(subject.firstName(), subject.email());
        assertThat(Platform.pgDump("oubli_contacts_test")).as("pg_dump of the contacts database")
                .doesNotContain(subject.firstName(), subject.email());
    }

    private static String conversation(String contact, String startedAt, String text) {
        return "{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":\"" + startedAt + "\",\"participants\":[{\"contactId\":\""
                + contact + "\"}],\"messages\":[{\"direction\":\"INBOUND\",\"body\":\"" + text + "\"}]}";
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }
}
