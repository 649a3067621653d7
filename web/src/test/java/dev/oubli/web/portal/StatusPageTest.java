package dev.oubli.web.portal;

import dev.oubli.web.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** The private status page behind the link given once the subject is verified (docs/adr/0031). */
@QuarkusTest
class StatusPageTest {

    static final String TOKEN = "q8V1f0XKp3m2Zr7tYb9WcN4dHs6LeJ5uAo1iGk0xPyM";

    @Inject
    FakeGateway gateway;

    String tenant;
    String requestId;
    String statusApi;

    @BeforeEach
    void freshTenant() {
        gateway.reset();
        tenant = UUID.randomUUID().toString();
        requestId = UUID.randomUUID().toString();
        statusApi = "/public/tenants/" + tenant + "/privacy-requests/status";
        gateway.answer("GET", "/public/tenants/" + tenant, 200, new JsonObject().put("id", tenant)
                .put("displayName", "Acme").put("privacyContact", "dpo@acme.example"));
    }

    JsonObject status(String type, String status) {
        return new JsonObject().put("id", requestId).put("type", type).put("status", status)
                .put("receivedAt", "2026-12-01T10:00:00Z").put("dueOn", "2027-01-01")
                .put("steps", new JsonArray().add(new JsonObject().put("owner", "contacts-service").put("status", "COMPLETED"))
                        .add(new JsonObject().put("owner", "knowledge-service").put("status", "PENDING")));
    }

    Document page(String path, String language, int expected) {
        return Jsoup.parse(given().header("Accept-Language", language).when().get(path).then().statusCode(expected).extract().asString());
    }

    @Test
    void aVerifiedRequestGoesToItsPrivateLinkWhichTheCodePageNeverShowsInItsAddressBefore() {
        String verification = "/public/tenants/" + tenant + "/privacy-requests/" + requestId + "/verification";
        gateway.answer("POST", verification, 200, new JsonObject().put("id", requestId).put("status", "IN_PROGRESS").put("statusToken", TOKEN));
        given().contentType(ContentType.URLENC).formParam("with", "email").formParam("code", "123456").redirects().follow(false)
                .when().post("/portal/" + tenant + "/verification/" + requestId)
                .then().statusCode(303).header("Location", equalTo("/portal/" + tenant + "/status/" + TOKEN + "?new=1"));
    }

    @Test
    void showsTheStatusDueDateAndEachStepInPlainWordsAndSendsTheTokenInTheBodyOnly() {
        gateway.answer("POST", statusApi, 200, status("ACCESS", "IN_PROGRESS")
                .put("export", new JsonObject().put("state", "ASSEMBLING")));
        Document page = page("/portal/" + tenant + "/status/" + TOKEN + "?new=1", "en", 200);
        assertThat(page.select("h1").text()).isEqualTo("Your request");
        assertThat(page.select(".success").text()).contains("private link");
        assertThat(page.select("#request-status").text()).isEqualTo("in progress");
        assertThat(page.select("#due-on").text()).isEqualTo("2027-01-01");
        assertThat(page.select("ul.steps li")).extracting(li -> li.text()).containsExactly(
                "Contacts (your name, addresses, phone numbers): done", "Conversation records (notes and transcripts): in progress");
        assertThat(page.text()).contains("being gathered");
        assertThat(page.select("#export-link")).isEmpty();
        assertThat(gateway.last("POST", statusApi).body()).isEqualTo(new JsonObject().put("token", TOKEN));

        Document french = page("/portal/" + tenant + "/status/" + TOKEN, "fr", 200);
        assertThat(french.select("#request-status").text()).isEqualTo("en cours");
        assertThat(french.select(".success")).isEmpty();
    }

    @Test
    void offersTheExportLinkWhenReadyAndOnlyALinkToTheExportsPath() {
        String link = "/public/exports/" + tenant + "/" + requestId + "?expires=1&signature=abc";
        gateway.answer("POST", statusApi, 200, status("ACCESS", "COMPLETED").put("completedAt", "2026-12-02T10:00:00Z")
                .put("export", new JsonObject().put("state", "READY").put("link", link).put("expiresAt", "2026-12-09T10:00:00Z")));
        Document page = page("/portal/" + tenant + "/status/" + TOKEN, "en", 200);
        assertThat(page.select("#export-link").attr("href")).isEqualTo(link);
        assertThat(page.text()).contains("2026-12-09");

        gateway.answer("POST", statusApi, 200, status("ACCESS", "COMPLETED")
                .put("export", new JsonObject().put("state", "READY").put("link", "https://evil.example/x")));
        assertThat(page("/portal/" + tenant + "/status/" + TOKEN, "en", 200).select("#export-link")).isEmpty();
    }

    @Test
    void saysSoWhenTheExportFailedInsteadOfAskingToComeBackLater() {
        // Chunks that never came despite the re-requests (docs/adr/0050): not "being gathered" for ever.
        gateway.answer("POST", statusApi, 200, status("ACCESS", "COMPLETED").put("completedAt", "2026-12-02T10:00:00Z")
                .put("export", new JsonObject().put("state", "FAILED").put("reason", "CHUNKS_MISSING")));
        Document page = page("/portal/" + tenant + "/status/" + TOKEN, "en", 200);
        assertThat(page.select("#export-failed").text()).contains("could not be gathered");
        assertThat(page.text()).doesNotContain("being gathered", "CHUNKS_MISSING");
        assertThat(page.select("#export-link")).isEmpty();
        assertThat(page("/portal/" + tenant + "/status/" + TOKEN, "fr", 200).select("#export-failed").text())
                .contains("n'a pas pu être rassemblée");
    }

    @Test
    void showsTheErasureCertificateAndServesItAsAFileExactlyAsSigned() {
        JsonObject certificate = new JsonObject().put("document", "{\"requestId\":\"" + requestId + "\"}").put("signature", "c2ln");
        gateway.answer("POST", statusApi, 200, status("ERASURE", "COMPLETED").put("certificate", certificate));
        Document page = page("/portal/" + tenant + "/status/" + TOKEN, "en", 200);
        assertThat(new JsonObject(page.select("textarea#certificate").text())).isEqualTo(certificate);
        assertThat(page.select("#certificate-file").attr("href")).isEqualTo("/portal/" + tenant + "/status/" + TOKEN + "/certificate");
        String file = given().when().get("/portal/" + tenant + "/status/" + TOKEN + "/certificate").then().statusCode(200)
                .header("Content-Disposition", containsString("attachment")).extract().asString();
        assertThat(new JsonObject(file)).isEqualTo(certificate);
        assertThat(PortalResource.parseCertificate(file)).isEqualTo(certificate);
    }

    @Test
    void anUnknownOrMalformedLinkIsANotFoundPageAndAMalformedOneNeverReachesTheApi() {
        gateway.answer("POST", statusApi, 404, FakeGateway.problem("not-found"));
        assertThat(page("/portal/" + tenant + "/status/" + TOKEN, "en", 404).select("h1").text()).isEqualTo("Link not found");
        gateway.calls().clear();
        assertThat(page("/portal/" + tenant + "/status/short", "fr", 404).select("h1").text()).isEqualTo("Lien introuvable");
        assertThat(gateway.calls()).noneMatch(call -> call.path().equals(statusApi));
        given().when().get("/portal/" + tenant + "/status/" + TOKEN + "/certificate").then().statusCode(404);
    }

    @Test
    void aRateLimitedStatusIsItsOwnPage() {
        gateway.answer("POST", statusApi, 429, FakeGateway.problem("too-many-requests"));
        page("/portal/" + tenant + "/status/" + TOKEN, "en", 429);
    }
}
