package dev.oubli.web.console;

import dev.oubli.web.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.security.SecurityAttribute;
import io.quarkus.test.security.TestSecurity;
import io.restassured.http.ContentType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;

@QuarkusTest
class ConsoleResourceTest {

    private static final String TENANT = "33333333-3333-4333-8333-333333333333";

    @Inject
    FakeGateway gateway;

    @Inject
    FormTokens formTokens;

    private String overdue;
    private String dueSoon;
    private String later;

    @BeforeEach
    void scriptTheApi() {
        gateway.reset();
        gateway.answer("GET", "/public/tenants/" + TENANT, 200, new JsonObject().put("id", TENANT).put("displayName", "Initech")
                .put("privacyContact", "dpo@initech.example"));
        overdue = UUID.randomUUID().toString();
        dueSoon = UUID.randomUUID().toString();
        later = UUID.randomUUID().toString();
        LocalDate today = LocalDate.now(java.time.ZoneOffset.UTC);
        gateway.answer("GET", "/api/privacy-requests", 200, new JsonObject().put("items", new JsonArray()
                .add(summary(later, "ACCESS", "IN_PROGRESS", today.plusDays(20), false))
                .add(summary(overdue, "ERASURE", "IN_PROGRESS", today.minusDays(2), true))
                .add(summary(dueSoon, "OBJECTION", "RECEIVED", today.plusDays(3), false))));
        gateway.answer("GET", "/api/privacy-requests/" + later, 200, summary(later, "ACCESS", "IN_PROGRESS", today.plusDays(20), false)
                .put("originalDueOn", today.plusDays(20).toString()).put("selfService", true)
                .put("tasks", new JsonArray().add(new JsonObject().put("owner", "contacts-service").put("status", "FAILED")
                        .put("counts", new JsonObject()).put("failureReason", "NO_RECEIPT"))));
        gateway.answer("GET", "/api/audit-events", 200, new JsonObject().put("items", new JsonArray()
                .add(new JsonObject().put("seq", 1).put("occurredAt", "2026-03-01T10:00:00Z").put("action", "REQUEST_RECEIVED"))));
    }

    private static JsonObject summary(String id, String type, String status, LocalDate dueOn, boolean overdue) {
        return new JsonObject().put("id", id).put("type", type).put("status", status).put("receivedAt", "2026-03-01T10:00:00Z")
                .put("dueOn", dueOn.toString()).put("overdue", overdue);
    }

    private Document page(String path, int status) {
        return Jsoup.parse(given().redirects().follow(false).when().get(path).then().statusCode(status).extract().asString());
    }

    @Test
    void theLoginComesBackToTheGatewaysOriginAsItsForwardedHeaderNamesIt() {
        String location = given().redirects().follow(false)
                .header("Forwarded", "for=127.0.0.1;proto=http;host=\"127.0.0.1:41234\"").header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-For", "127.0.0.1")
                .when().get("/console/requests").then().statusCode(302).extract().header("Location");
        assertThat(java.net.URLDecoder.decode(location, java.nio.charset.StandardCharsets.UTF_8))
                .contains("redirect_uri=http://127.0.0.1:41234/console/requests");
    }

    @Test
    void sendsAnUnauthenticatedBrowserToKeycloakWithAPkceChallenge() {
        given().redirects().follow(false).when().get("/console/requests").then().statusCode(302)
                .header("Location", allOf(containsString("/realms/oubli/protocol/openid-connect/auth"),
                        containsString("client_id=oubli-web"), containsString("code_challenge_method=S256"),
                        containsString("code_challenge=")));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void listsRequestsSoonestDueFirstWithOverdueAndDueSoonHighlighted() {
        Document list = page("/console/requests?status=IN_PROGRESS&type=bogus&overdue=true", 200);
        assertThat(list.select("tbody tr a")).extracting(a -> a.attr("href"))
                .containsExactly("/console/requests/" + overdue, "/console/requests/" + dueSoon, "/console/requests/" + later);
        assertThat(list.select("tbody tr").get(0).className()).isEqualTo("overdue");
        assertThat(list.select("tbody tr").get(1).className()).isEqualTo("due-soon");
        assertThat(list.select("tbody tr").get(2).className()).isEmpty();
        assertThat(list.select("header .tenant").text()).isEqualTo("Initech");
        FakeGateway.Call call = gateway.last("GET", "/api/privacy-requests");
        assertThat(call.query()).containsEntry("status", "IN_PROGRESS").containsEntry("overdue", "true");
        assertThat(call.query().get("type")).as("an unknown type is not sent").isNull();
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsAnOfficerTheTasksTimelineAndTheExtendRejectAndCancelForms() {
        Document request = page("/console/requests/" + later, 200);
        assertThat(request.select("tbody td").text()).contains("contacts-service").contains("NO_RECEIPT");
        assertThat(request.select("ol li").text()).contains("REQUEST_RECEIVED");
        assertThat(request.select("form[action$=/extension], form[action$=/rejection], form[action$=/cancellation]")).hasSize(3);
        assertThat(request.select("form[method=post] input[name=formToken]")).hasSize(4)
                .allSatisfy(input -> assertThat(input.val()).isEqualTo(formTokens.issue("officer-1")));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void offersARetryOnlyForAFailedTaskWithALabelledConfirmation() {
        gateway.answer("GET", "/api/privacy-requests/" + later, 200, summary(later, "ERASURE", "PARTIALLY_COMPLETED", LocalDate.now().plusDays(20), false)
                .put("tasks", new JsonArray()
                        .add(new JsonObject().put("owner", "contacts-service").put("status", "FAILED").put("failureReason", "NO_RECEIPT"))
                        .add(new JsonObject().put("owner", "knowledge-service").put("status", "DONE"))));
        Document request = page("/console/requests/" + later + "?lang=en", 200);
        assertThat(request.select("form[action$=/retry]")).hasSize(1);
        assertThat(request.select("form[action$=/retry]").attr("action"))
                .isEqualTo("/console/requests/" + later + "/tasks/contacts-service/retry");
        String box = request.select("form[action$=/retry] input[type=checkbox][required]").attr("id");
        assertThat(request.select("label[for=" + box + "]").text()).contains("I confirm", "contacts-service");
        assertThat(request.select("form[action$=/retry] button").text()).isEqualTo("Retry");
        assertThat(request.select("tr:contains(knowledge-service) form")).isEmpty();
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void retriesAFailedTaskOnceConfirmedAndSaysSo() {
        String retry = "/api/privacy-requests/" + later + "/tasks/contacts-service/retry";
        gateway.answer("POST", retry, 202, new JsonObject().put("id", later).put("status", "IN_PROGRESS"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).redirects().follow(false)
                .when().post("/console/requests/" + later + "/tasks/contacts-service/retry?lang=en")
                .then().statusCode(400).body(containsString("Tick the confirmation box"));
        assertThat(gateway.calls()).noneMatch(call -> call.method().equals("POST"));

        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("confirm", "yes")
                .redirects().follow(false).when().post("/console/requests/" + later + "/tasks/contacts-service/retry")
                .then().statusCode(303).header("Location", containsString("/console/requests/" + later + "?done=retried"));
        assertThat(gateway.last("POST", retry)).isNotNull();
        Document done = page("/console/requests/" + later + "?lang=en&done=retried", 200);
        assertThat(done.select("[role=status]").text()).contains("The task was sent again");
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheApisRefusalOfARetryAndRefusesAnOwnerThatIsNoName() {
        gateway.answer("POST", "/api/privacy-requests/" + later + "/tasks/contacts-service/retry", 409,
                FakeGateway.problem("retry-refused").put("detail", "Only a FAILED task is retried; this one is DONE."));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("confirm", "yes")
                .when().post("/console/requests/" + later + "/tasks/contacts-service/retry?lang=en")
                .then().statusCode(409).body(containsString("Only a FAILED task is retried"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("confirm", "yes")
                .when().post("/console/requests/" + later + "/tasks/Not%20An%20Owner/retry").then().statusCode(404);
        assertThat(gateway.calls()).noneMatch(call -> call.path().contains("Not"));
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void offersAPartialErasuresCertificateAsTheSignedFile() {
        gateway.answer("GET", "/api/privacy-requests/" + later, 200, summary(later, "ERASURE", "PARTIALLY_COMPLETED", LocalDate.now().plusDays(20), false)
                .put("tasks", new JsonArray()));
        gateway.answer("GET", "/api/privacy-requests/" + later + "/certificate", 200,
                new JsonObject().put("document", "{\"type\":\"oubli-erasure-certificate-v1\"}").put("signature", "c2ln"));
        Document request = page("/console/requests/" + later + "?lang=en", 200);
        assertThat(request.select("a[href=/console/requests/" + later + "/certificate]").text()).isEqualTo("Download the certificate (JSON)");
        io.restassured.response.Response file = given().when().get("/console/requests/" + later + "/certificate");
        assertThat(file.statusCode()).isEqualTo(200);
        assertThat(file.header("Content-Disposition")).isEqualTo("attachment; filename=\"erasure-certificate-" + later + ".json\"");
        assertThat(new JsonObject(file.asString())).isEqualTo(new JsonObject()
                .put("document", "{\"type\":\"oubli-erasure-certificate-v1\"}").put("signature", "c2ln"));
        given().when().get("/console/requests/" + overdue + "/certificate?lang=en").then().statusCode(404);
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void aViewerSeesNoRetryAndTheirForgedRetryIsRefused() {
        Document request = page("/console/requests/" + later, 200);
        assertThat(request.select("form[action$=/retry], input[type=checkbox]")).isEmpty();
        String retry = "/api/privacy-requests/" + later + "/tasks/contacts-service/retry";
        gateway.answer("POST", retry, 403, FakeGateway.problem("forbidden"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1")).formParam("confirm", "yes")
                .when().post("/console/requests/" + later + "/tasks/contacts-service/retry?lang=en")
                .then().statusCode(403).body(containsString("Not allowed"));
        assertThat(gateway.last("POST", retry)).isNotNull();
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void extendsWithTheReasonGivenAndComesBackToTheRequest() {
        gateway.answer("POST", "/api/privacy-requests/" + later + "/extension", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("months", "2")
                .formParam("reason", "Many systems to search").redirects().follow(false)
                .when().post("/console/requests/" + later + "/extension")
                .then().statusCode(303).header("Location", containsString("/console/requests/" + later + "?done=extended"));
        assertThat(gateway.last("POST", "/api/privacy-requests/" + later + "/extension").body())
                .isEqualTo(new JsonObject().put("months", 2).put("reason", "Many systems to search"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheApisRefusalOfASecondExtension() {
        gateway.answer("POST", "/api/privacy-requests/" + later + "/extension", 409,
                FakeGateway.problem("extension-refused").put("detail", "ALREADY_EXTENDED"));
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1"))
                .formParam("months", "1").formParam("reason", "again").when().post("/console/requests/" + later + "/extension")
                .then().statusCode(409).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Refused");
        assertThat(page.text()).contains("ALREADY_EXTENDED");
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void refusesAPostWithoutTheFormTokenBeforeCallingTheApi() {
        given().contentType(ContentType.URLENC).formParam("reason", "EXCESSIVE").when().post("/console/requests/" + later + "/rejection")
                .then().statusCode(403).body(containsString("Form not accepted"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("someone-else")).formParam("reason", "EXCESSIVE")
                .when().post("/console/requests/" + later + "/rejection").then().statusCode(403);
        assertThat(gateway.calls()).noneMatch(call -> call.method().equals("POST"));
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsAViewerNoActionAndTheApisRefusalOfAForgedPost() {
        Document request = page("/console/requests/" + later, 200);
        assertThat(request.select("form[method=post]")).isEmpty();
        assertThat(request.select("button")).isEmpty();

        gateway.answer("POST", "/api/privacy-requests/" + later + "/rejection", 403, FakeGateway.problem("forbidden"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1")).formParam("reason", "EXCESSIVE")
                .when().post("/console/requests/" + later + "/rejection").then().statusCode(403).body(containsString("Not allowed"));
        assertThat(gateway.last("POST", "/api/privacy-requests/" + later + "/rejection")).isNotNull();
    }

    @Test
    @TestSecurity(user = "editor-1", roles = "contacts-editor", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void closesTheConsoleToARoleThatMayNotReadIt() {
        assertThat(page("/console/requests", 403).select("h1").text()).isEqualTo("No access");
        assertThat(gateway.calls()).noneMatch(call -> call.path().startsWith("/api/"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheAuditChainVerificationResult() {
        gateway.answer("GET", "/api/audit-events/verification", 200, new JsonObject().put("intact", true).put("entries", 12)
                .put("anchor", new JsonObject().put("seq", 12).put("hash", "ab").put("anchoredAt", "2026-03-01T10:00:00Z")));
        assertThat(page("/console/audit?verify=1", 200).select("[role=status]").text()).contains("The chain is intact").contains("12");
        gateway.answer("GET", "/api/audit-events/verification", 200, new JsonObject().put("intact", false).put("entries", 3)
                .put("firstBroken", new JsonObject().put("seq", 4).put("problem", "TRUNCATED")));
        assertThat(page("/console/audit?verify=1", 200).select("[role=alert]").text()).contains("The chain is broken").contains("TRUNCATED");
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void addsToAndLiftsFromTheSuppressionListWithAReason() {
        gateway.answer("GET", "/api/suppressions", 200, new JsonObject().put("entries", new JsonArray()
                .add(new JsonObject().put("id", 7).put("blindIndex", "x").put("kind", "EMAIL").put("reason", "REQUESTED")
                        .put("suppressedAt", "2026-03-01T10:00:00Z"))));
        Document list = page("/console/suppressions", 200);
        assertThat(list.select("form[action=/console/suppressions/7/lift]")).hasSize(1);

        gateway.answer("POST", "/api/suppressions", 201, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("email", "a@b.example")
                .formParam("reason", "OBJECTED").redirects().follow(false).when().post("/console/suppressions").then().statusCode(303);
        assertThat(gateway.last("POST", "/api/suppressions").body()).isEqualTo(new JsonObject()
                .put("subject", new JsonObject().put("email", "a@b.example")).put("reason", "OBJECTED"));

        gateway.answer("POST", "/api/suppressions/7/lift", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("reason", "asked by the person")
                .redirects().follow(false).when().post("/console/suppressions/7/lift").then().statusCode(303);
        assertThat(gateway.last("POST", "/api/suppressions/7/lift").body().getString("reason")).isEqualTo("asked by the person");
    }
}
