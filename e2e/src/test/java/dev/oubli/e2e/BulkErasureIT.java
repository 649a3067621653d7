package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.oubli.e2e.ThroughGateway.as;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Deleting a segment of contacts in one call (issue 23 item 2, docs/adr/0062): 501 imported contacts erased through the
 * gateway in two batches, each an ERASURE request every owner carries out once; the bulk erasure sums the owners'
 * receipts and signs one certificate that anyone can check.
 */
class BulkErasureIT {

    private static final int CONTACTS = 501;

    @Test
    void fiveHundredAndOneContactsWithTheirNotesAndConsentGoInTwoBatchesAndOneCertificate() {
        String segment = "Bulk" + Long.toString(System.nanoTime(), 36);
        List<String> emails = new ArrayList<>();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < CONTACTS; i++) {
            String email = segment.toLowerCase() + "." + i + "@example.test";
            emails.add(email);
            lines.append("{\"firstName\":\"P").append(i).append("\",\"lastName\":\"").append(segment).append("\",\"email\":\"")
                    .append(email).append("\"}\n");
        }
        String job = as("acme-contacts-editor").contentType("application/x-ndjson").queryParam("lawfulBasis", "CONTRACT")
                .body(lines.toString().getBytes(StandardCharsets.UTF_8)).post("/api/contact-imports")
                .then().statusCode(202).extract().path("id");
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).until(() ->
                "COMPLETED".equals(as("acme-contacts-editor").get("/api/contact-imports/" + job).path("status")));
        List<String> ids = segment(segment);
        assertThat(ids).hasSize(CONTACTS);
        String first = ids.get(0);
        List<String> notes = List.of(ThroughGateway.createdInKnowledge("/api/notes",
                        "{\"title\":\"Appel\",\"body\":\"Rappel lundi.\",\"contactId\":\"" + first + "\"}"),
                ThroughGateway.createdInKnowledge("/api/notes",
                        "{\"title\":\"Devis\",\"body\":\"Devis envoyé.\",\"contactId\":\"" + ids.get(CONTACTS - 1) + "\"}"));
        String firstEmail = as("acme-contacts-editor").get("/api/contacts/" + first).then().statusCode(200).extract().path("email");
        as("acme-privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + firstEmail + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\"GRANTED\","
                        + "\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"newsletter-form-v3\"}}")
                .post("/api/consents").then().statusCode(201);
        String unknown = UUID.randomUUID().toString();
        List<String> asked = new ArrayList<>(ids);
        asked.add(unknown);

        ExtractableResponse<Response> accepted = as("acme-contacts-editor").contentType("application/json")
                .body(Map.of("contactIds", asked)).post("/api/contacts/erasures").then().statusCode(202).extract();

        assertThat(accepted.<Integer>path("contacts")).isEqualTo(CONTACTS);
        assertThat(accepted.<List<String>>path("notFound")).containsExactly(unknown);
        String bulk = accepted.header("Location");
        assertThat(bulk).startsWith("/api/bulk-erasures/");
        assertThat(segment(segment)).as("gone at once").isEmpty();
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500)).until(() -> {
            Response found = as("acme-privacy-officer").get(bulk);
            return found.statusCode() == 200 && "COMPLETED".equals(found.path("status"));
        });
        JsonPath done = as("acme-privacy-officer").get(bulk).then().statusCode(200).extract().jsonPath();
        assertThat(done.getInt("batches")).isEqualTo(2);
        assertThat(done.getList("requests")).hasSize(2);
        assertThat(done.getLong("contacts")).isEqualTo(CONTACTS);
        assertThat(done.getLong("owners.contacts-service.erased")).as("each contact erased once").isEqualTo(CONTACTS);
        assertThat(done.getLong("owners.knowledge-service.notes-erased")).isEqualTo(2);
        for (String note : notes) {
            as("acme-privacy-officer").get("/api/notes/" + note).then().statusCode(404);
        }
        assertThat(as("acme-privacy-officer").contentType("application/json").body("{\"email\":\"" + firstEmail + "\"}")
                .post("/api/consents/lookup").then().statusCode(200).extract().<List<?>>path("history")).isEmpty();
        for (Object request : done.getList("requests.requestId")) {
            as("acme-privacy-officer").get("/api/audit-events?requestId=" + request + "&action=REQUEST_RECEIVED").then()
                    .statusCode(200).body("items[0].details.origin", org.hamcrest.Matchers.equalTo("bulk-erasure"));
        }

        JsonPath certificate = as("acme-contacts-editor").get(bulk + "/certificate").then().statusCode(200).extract().jsonPath();
        assertThat(certificate.getString("document")).contains("\"type\":\"oubli-bulk-erasure-certificate-v1\"")
                .contains("\"contacts\":" + CONTACTS);
        assertThat(given().baseUri(Suite.url("gateway").toString()).contentType("application/json")
                .body(Map.of("document", certificate.getString("document"), "signature", certificate.getString("signature")))
                .post("/public/erasure-certificates/verification").then().statusCode(200).extract().<Boolean>path("valid")).isTrue();
    }

    /** The ids of the contacts of this segment (its unique last name), through the listing's pages. */
    private static List<String> segment(String lastName) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            var request = as("acme-contacts-editor").queryParam("q", lastName).queryParam("limit", 200);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            JsonPath page = request.get("/api/contacts").then().statusCode(200).extract().jsonPath();
            ids.addAll(page.getList("items.id"));
            cursor = page.getString("next");
        } while (cursor != null);
        return ids;
    }
}
