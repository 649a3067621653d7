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

import java.util.List;

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
        gateway.answer("GET", "/api/calling-hours", 200, hours("DEFAULT", new JsonArray().add("10:00-13:00").add("14:00-20:00"), "FRANCE"));
    }

    /** The API's answer: these windows on weekdays, none at the weekend. */
    private static JsonObject hours(String source, JsonArray weekdays, String holidays) {
        JsonObject days = new JsonObject();
        for (String day : List.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY")) {
            days.put(day, weekdays);
        }
        days.put("SATURDAY", new JsonArray()).put("SUNDAY", new JsonArray());
        return new JsonObject().put("source", source).put("days", days).put("holidays", holidays).put("timeZone", "Europe/Paris")
                .put("version", source.equals("TENANT") ? 2 : null);
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
        assertThat(policies.select("#calling-hours-source").text()).contains("platform default", "Europe/Paris");
        assertThat(policies.select("#calling-hours dd").eachText())
                .containsExactly("10:00-13:00, 14:00-20:00", "10:00-13:00, 14:00-20:00", "10:00-13:00, 14:00-20:00",
                        "10:00-13:00, 14:00-20:00", "10:00-13:00, 14:00-20:00", "no calls", "no calls", "France");
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
        assertThat(policies.select("form[action=/console/policies/calling-hours] label[for=hours-MONDAY]").text()).isEqualTo("Lundi");
        assertThat(policies.select("input#hours-MONDAY").val()).isEqualTo("10:00-13:00, 14:00-20:00");
        assertThat(policies.select("input#hours-SUNDAY").val()).isEmpty();
        assertThat(policies.select("select#hours-holidays option[selected]").val()).isEqualTo("FRANCE");
        assertThat(policies.select("#calling-hours-source").text()).contains("par défaut");
        assertThat(policies.select("form[action=/console/policies/calling-hours/default]")).as("already the default").isEmpty();
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheTenantsOwnCallingHoursWithTheWayBackToTheDefault() {
        gateway.answer("GET", "/api/calling-hours", 200, hours("TENANT", new JsonArray().add("09:00-12:00"), "FRANCE_ALSACE_MOSELLE"));
        Document policies = page("/console/policies?lang=en", 200);
        assertThat(policies.select("#calling-hours-source").text()).contains("own calling hours", "v2");
        assertThat(policies.select("input#hours-FRIDAY").val()).isEqualTo("09:00-12:00");
        assertThat(policies.select("select#hours-holidays option[selected]").val()).isEqualTo("FRANCE_ALSACE_MOSELLE");
        assertThat(policies.select("form[action=/console/policies/calling-hours/default] button").text())
                .isEqualTo("Go back to the platform default");
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void savesTheCallingHoursAsWindowsPerDay() {
        gateway.answer("PUT", "/api/calling-hours", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1"))
                .formParam("MONDAY", "09:00-12:00, 14:00 - 18:00").formParam("TUESDAY", " ").formParam("SATURDAY", "10:00-12:00")
                .formParam("holidays", "NONE").redirects().follow(false).when().post("/console/policies/calling-hours")
                .then().statusCode(303).header("Location", containsString("/console/policies?done=callingHoursSaved"));
        assertThat(gateway.last("PUT", "/api/calling-hours").body()).isEqualTo(new JsonObject()
                .put("days", new JsonObject().put("monday", new JsonArray().add("09:00-12:00").add("14:00-18:00"))
                        .put("saturday", new JsonArray().add("10:00-12:00")))
                .put("holidays", "NONE"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void showsTheApisRefusalOfOverlappingWindowsOnThePage() {
        gateway.answer("PUT", "/api/calling-hours", 400, FakeGateway.problem("validation").put("detail", "days.monday: two windows overlap."));
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1"))
                .formParam("MONDAY", "09:00-12:00, 11:00-13:00").when().post("/console/policies/calling-hours?lang=en")
                .then().statusCode(400).extract().asString());
        assertThat(page.select("[role=alert]").text()).contains("Not saved:", "days.monday: two windows overlap.");
        assertThat(page.select("h1").text()).isEqualTo("Policies");
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void goesBackToTheDefaultCallingHours() {
        gateway.answer("DELETE", "/api/calling-hours", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).redirects().follow(false)
                .when().post("/console/policies/calling-hours/default")
                .then().statusCode(303).header("Location", containsString("/console/policies?done=callingHoursReset"));
        assertThat(gateway.last("DELETE", "/api/calling-hours")).isNotNull();
        String saved = given().when().get("/console/policies?lang=fr&done=callingHoursReset").then().statusCode(200).extract().asString();
        assertThat(Jsoup.parse(saved).select("[role=status]").text()).contains("par défaut de la plateforme");
    }

    @Test
    @TestSecurity(user = "viewer-1", roles = "viewer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void refusesAViewersForgedCallingHoursThroughTheApi() {
        gateway.answer("PUT", "/api/calling-hours", 403, FakeGateway.problem("forbidden"));
        gateway.answer("DELETE", "/api/calling-hours", 403, FakeGateway.problem("forbidden"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1")).formParam("MONDAY", "09:00-10:00")
                .when().post("/console/policies/calling-hours?lang=en").then().statusCode(403).body(containsString("Not allowed"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1"))
                .when().post("/console/policies/calling-hours/default?lang=en").then().statusCode(403).body(containsString("Not allowed"));
        given().contentType(ContentType.URLENC).formParam("MONDAY", "09:00-10:00")
                .when().post("/console/policies/calling-hours?lang=en").then().statusCode(403).body(containsString("Form not accepted"));
    }

    @Test
    @TestSecurity(user = "officer-1", roles = "privacy-officer", attributes = @SecurityAttribute(key = "tenant_id", value = TENANT))
    void savesTheRetentionLimitsInTheTenantsPolicyABlankOneBackToTheDefault() {
        gateway.answer("PUT", "/api/retention-policies", 200, new JsonObject());
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("officer-1")).formParam("conversations", "90")
                .formParam("notes", "").formParam("documents", " 400 ").redirects().follow(false)
                .when().post("/console/policies/retention").then().statusCode(303)
                .header("Location", containsString("/console/policies?done=retentionSaved"));
        assertThat(gateway.last("PUT", "/api/retention-policies").body()).isEqualTo(new JsonObject().put("days",
                new JsonObject().put("CONVERSATIONS", 90).putNull("NOTES").put("DOCUMENTS", 400)));
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
        gateway.answer("PUT", "/api/retention-policies", 403, FakeGateway.problem("forbidden"));
        given().contentType(ContentType.URLENC).formParam("formToken", formTokens.issue("viewer-1")).formParam("conversations", "1")
                .when().post("/console/policies/retention?lang=en").then().statusCode(403).body(containsString("Not allowed"));
        given().contentType(ContentType.URLENC).formParam("conversations", "1")
                .when().post("/console/policies/retention?lang=en").then().statusCode(403).body(containsString("Form not accepted"));
    }
}
