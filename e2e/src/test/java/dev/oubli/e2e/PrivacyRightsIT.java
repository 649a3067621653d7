package dev.oubli.e2e;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * The rights of a person across the suite, through the gateway with real Keycloak tokens: access (an
 * encrypted export assembled from the real owners), consent withdrawal reaching the contacts mirror, and an
 * erased person staying suppressed for the agents.
 */
class PrivacyRightsIT {

    private static final String ACME = "acme";
    private static final String GLOBEX = "globex";

    @Test
    void anAccessRequestYieldsABundleWithTheSubjectsCardAndNothingOfAnyoneElse() throws IOException {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        ErasureIT.Subject neighbour = ErasureIT.Subject.unique();
        createContact(ACME, "{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}");
        createContact(ACME, "{\"firstName\":\"" + neighbour.firstName() + "\",\"email\":\"" + neighbour.email() + "\"}");
        // The same address at another tenant: another company's record of the person, not Acme's to give.
        String globexName = "Globex" + neighbour.firstName();
        createContact(GLOBEX, "{\"firstName\":\"" + globexName + "\",\"email\":\"" + subject.email() + "\"}");

        String request = submit(ACME, "{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(request, "COMPLETED", Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                .until(() -> "READY".equals(as(ACME, "privacy-officer").get(request + "/export").then().extract().path("state")));
        String link = as(ACME, "privacy-officer").get(request + "/export").then().extract().path("link");

        Response download = given().baseUri(Suite.url("gateway").toString()).urlEncodingEnabled(false).get(link);
        assertThat(download.statusCode()).isEqualTo(200);
        Map<String, String> files = unzip(download.asByteArray());

        assertThat(files).containsKeys("manifest.json", "contacts-service.json");
        String everything = String.join("\n", files.values());
        assertThat(files.get("contacts-service.json")).contains(subject.email(), subject.firstName());
        assertThat(everything).doesNotContain(neighbour.email()).doesNotContain(neighbour.firstName()).doesNotContain(globexName);

        String forged = link.replaceFirst("signature=.", "signature=" + (link.contains("signature=A") ? "B" : "A"));
        given().baseUri(Suite.url("gateway").toString()).urlEncodingEnabled(false).get(forged)
                .then().statusCode(403);
    }

    @Test
    void aWithdrawalReachesTheContactsMirrorWithinSeconds() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = createContact(ACME, "{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}");

        recordConsent(subject.email(), "GRANTED");
        awaitMirror(contact, "GRANTED");
        recordConsent(subject.email(), "WITHDRAWN");
        awaitMirror(contact, "WITHDRAWN");
    }

    @Test
    void anErasedPersonIsRefusedAsSuppressedAlthoughNoContactRemains() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = createContact(ACME, "{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}");
        recordConsent(subject.email(), "GRANTED");
        assertThat(check(subject.email())).containsEntry("decision", "ALLOWED");

        String request = submit(ACME, "{\"type\":\"ERASURE\",\"subject\":{\"emails\":[\"" + subject.email() + "\"]}}");
        awaitStatus(request, "COMPLETED", Duration.ofSeconds(90));

        as(ACME, "contacts-editor").get("/api/contacts/" + contact).then().statusCode(404);
        assertThat(check(subject.email())).containsEntry("decision", "REFUSED").containsEntry("reason", "SUPPRESSED");
    }

    @Test
    void rectificationRestrictionObjectionAndPortabilityCompleteWithTheRealOwnersAndTakeEffect() {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = createContact(ACME, "{\"firstName\":\"" + subject.firstName() + "\",\"lastName\":\"Mispelled\",\"email\":\""
                + subject.email() + "\"}");
        String bySubject = "\"subject\":{\"emails\":[\"" + subject.email() + "\"]}";

        String rectification = submit(ACME, "{\"type\":\"RECTIFICATION\"," + bySubject + ",\"corrections\":{\"lastName\":\"Spelled\"}}");
        awaitStatus(rectification, "COMPLETED", Duration.ofSeconds(90));
        as(ACME, "viewer").get("/api/contacts/" + contact).then().statusCode(200).body("lastName", equalTo("Spelled"));

        String portability = submit(ACME, "{\"type\":\"PORTABILITY\"," + bySubject + "}");
        awaitStatus(portability, "COMPLETED", Duration.ofSeconds(90));

        String restriction = submit(ACME, "{\"type\":\"RESTRICTION\"," + bySubject + "}");
        awaitStatus(restriction, "COMPLETED", Duration.ofSeconds(90));
        as(ACME, "viewer").get("/api/contacts/" + contact).then().statusCode(200).body("processingRestricted", equalTo(true));

        String objection = submit(ACME, "{\"type\":\"OBJECTION\"," + bySubject + "}");
        awaitStatus(objection, "COMPLETED", Duration.ofSeconds(90));
        assertThat(check(subject.email())).containsEntry("decision", "REFUSED").containsEntry("reason", "SUPPRESSED");
    }

    private static Map<String, Object> check(String email) {
        return given().baseUri(Suite.url("gateway").toString())
                .auth().oauth2(Keycloak.clientToken("emile", "emile-demo-secret"))
                .contentType("application/json")
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + email + "\"}}")
                .post("/api/contact-checks").then().statusCode(200).extract().as(Map.class);
    }

    private static void recordConsent(String email, String state) {
        as(ACME, "privacy-officer").contentType("application/json")
                .body("{\"subject\":{\"email\":\"" + email + "\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"state\":\""
                        + state + "\",\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"newsletter-form-v3\"}}")
                .post("/api/consents").then().statusCode(201);
    }

    private static void awaitMirror(String contact, String state) {
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> as(ACME, "viewer").get("/api/contacts/" + contact).then().statusCode(200)
                        .body("consents.find { it.channel == 'EMAIL' && it.purpose == 'MARKETING' }.state", equalTo(state)));
    }

    private static String createContact(String tenant, String body) {
        return as(tenant, "contacts-editor").contentType("application/json").body(body)
                .post("/api/contacts").then().statusCode(201).extract().path("id");
    }

    private static String submit(String tenant, String body) {
        return as(tenant, "privacy-officer").contentType("application/json").body(body)
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
    }

    private static void awaitStatus(String request, String status, Duration patience) {
        await().atMost(patience).pollInterval(Duration.ofMillis(300))
                .until(() -> status.equals(as(ACME, "privacy-officer").get(request).then().statusCode(200).extract().path("status")));
    }

    private static RequestSpecification as(String tenant, String role) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken(tenant + "-" + role));
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
