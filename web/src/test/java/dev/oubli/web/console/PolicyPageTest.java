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

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The tenant's policies page: disclosure texts, guard mode, retention limits, calling hours; read or changed. */
@QuarkusTest
class PolicyPageTest {

    private static final String TENANT = "44444444-4444-4444-8444-444444444444";

    @Inject
    FakeGateway gateway;

    @Inject
    FormTokens formTokens;

    @BeforeEach
    void scriptTheApi() {
        gateway.reset();
        gateway.answer("GET", "/public/tenants/" + TENANT, 200, new JsonObject().put("id", TENANT).put("displayName", "Initech")
                .put("privacyContact", "dpo@initech.example"));
        gateway.answer("GET", "/api/disclosure-policies", 200, new JsonObject().put("policies", new JsonArray()
                .add(new JsonObject().put("agentId", "tom").put("channel", "VOICE").put("agentName", "Tom").put("agentRole", "assistant")
                        .put("companyName", "Initech").put("template", "I am {agentName}, <b>an AI</b>").put("version", 3)
                        .put("example", "I am Tom, <b>an AI</b>"))));
        gateway.answer("GET", "/api/guard-policy", 200, new JsonObject().put("actions", new JsonObject()
                .put("CARD_NUMBER", "BLOCK").put("IBAN", "REDACT").put("FRENCH_SOCIAL_SECURITY_NUMBER", "REDACT").put("SECRET", "WARN")));
        gateway.answer("GET", "/api/retention", 200, new JsonObject().put("conversations", 365).putNull("notes").put("documents", 730));
    }

    private static Document page(String path, int status) {
        return Jsoup.parse(given().when().get(path).then().statusCode(status).extract().asString());
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsAViewerEveryPolicyWithoutAnyForm() {
        Document policies = page("/console/policies?lang=en", 200);
        assertThat(policies.select("h1").text()).isEqualTo("Policies");
        assertThat(policies.select("#disclosures tbody tr").text()).contains("tom", "VOICE", "v3", "I am Tom, <b>an AI</b>");
        assertThat(policies.select("#disclosures b")).as("tenant text is escaped").isEmpty();
        assertThat(policies.select("#guard tbody tr").text()).contains("CARD_NUMBER", "BLOCK", "SECRET", "WARN");
        assertThat(policies.select("#retention dd").text()).contains("365", "730");
        assertThat(policies.select("#calling-hours").text()).isNotBlank();
        assertThat(policies.select("form[method=post], button")).isEmpty();
        assertThat(gateway.calls()).allSatisfy(call -> assertThat(call.method()).isEqualTo("GET"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void givesAnOfficerALabelledFormForEachPolicyInFrench() {
        Document policies = page("/console/policies?lang=fr", 200);
        assertThat(policies.select("h1").text()).isEqualTo("Politiques");
        assertThat(policies.select("form[action=/console/policies/disclosure], form[action=/console/policies/guard],"
                + " form[action=/console/policies/retention]")).hasSize(3);
        assertThat(policies.select("main input:not([type=hidden]), main select, main textarea"))
                .allSatisfy(input -> assertThat(policies.select("label[for=" + input.id() + "]")).as(input.id()).hasSize(1));
        assertThat(policies.select("select#guard-IBAN option[selected]").val()).isEqualTo("REDACT");
        assertThat(policies.select("input#retention-conversations").val()).isEqualTo("365");
        assertThat(policies.select("input#retention-notes").val()).isEmpty();
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void savesTheRetentionLimitsABlankOneKeepingForever() {
        gateway.answer("PUT", "/api/retention", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("conversations", "90")
                .formParam("notes", "").formParam("documents", " 400 ").redirects().follow(false)
                .when().post("/console/policies/retention").then().statusCode(303)
                .header("Location", containsString("/console/policies?done=retentionSaved"));
        assertThat(gateway.last("PUT", "/api/retention").body())
                .isEqualTo(new JsonObject().put("conversations", 90).putNull("notes").put("documents", 400));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsAnInvalidRetentionOnThePageWithoutCallingTheApi() {
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1"))
                .formParam("conversations", "ninety").formParam("lang", "en").when().post("/console/policies/retention?lang=en")
                .then().statusCode(400).extract().asString());
        assertThat(page.select("[role=alert]").text()).contains("whole number of days");
        assertThat(page.select("h1").text()).isEqualTo("Policies");
        assertThat(gateway.calls()).noneMatch(call -> call.method().equals("PUT"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheApisValidationErrorOnThePoliciesPage() {
        gateway.answer("PUT", "/api/disclosure-policies/tom/VOICE", 400,
                FakeGateway.problem("validation").put("detail", "template: unknown placeholder {name}"));
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1"))
                .formParam("agentId", "tom").formParam("channel", "VOICE").formParam("agentName", "Tom").formParam("template", "I am {name}")
                .when().post("/console/policies/disclosure?lang=en").then().statusCode(400).extract().asString());
        assertThat(page.select("[role=alert]").text()).contains("template: unknown placeholder {name}");
        assertThat(page.select("#disclosures tbody tr")).hasSize(1);
        assertThat(gateway.last("PUT", "/api/disclosure-policies/tom/VOICE").body())
                .isEqualTo(new JsonObject().put("agentName", "Tom").put("template", "I am {name}"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void changesTheGuardModeOfEachKind() {
        gateway.answer("PUT", "/api/guard-policy", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("CARD_NUMBER", "BLOCK")
                .formParam("IBAN", "BLOCK").formParam("FRENCH_SOCIAL_SECURITY_NUMBER", "WARN").formParam("SECRET", "nonsense")
                .redirects().follow(false).when().post("/console/policies/guard").then().statusCode(303);
        assertThat(gateway.last("PUT", "/api/guard-policy").body()).isEqualTo(new JsonObject().put("actions", new JsonObject()
                .put("CARD_NUMBER", "BLOCK").put("IBAN", "BLOCK").put("FRENCH_SOCIAL_SECURITY_NUMBER", "WARN")));
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void refusesAViewersForgedPostThroughTheApi() {
        gateway.answer("PUT", "/api/retention", 403, FakeGateway.problem("forbidden"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1")).formParam("conversations", "1")
                .when().post("/console/policies/retention?lang=en").then().statusCode(403).body(containsString("Not allowed"));
        given().contentType(ContentType.URLENC).formParam("conversations", "1")
                .when().post("/console/policies/retention?lang=en").then().statusCode(403).body(containsString("Form not accepted"));
    }
}
