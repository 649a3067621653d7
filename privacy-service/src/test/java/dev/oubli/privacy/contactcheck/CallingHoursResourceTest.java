package dev.oubli.privacy.contactcheck;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

/** {@code /api/calling-hours} (docs/adr/0046): read, set, validated, reset, audited, and applied by the pre-contact check. */
@QuarkusTest
class CallingHoursResourceTest {

    /** Saturday 7 March 2026, 10:30 in Paris: outside France's default rule. */
    static final String SATURDAY_MORNING = "2026-03-07T09:30:00Z";
    static final String SATURDAY_HOURS = """
            {"days":{"saturday":["10:00-12:00"],"monday":["09:00-12:00","14:00-18:00"]},"holidays":"NONE"}""";

    static String officer(UUID tenant) {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    static ValidatableResponse get(UUID tenant, String role) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role)).when().get("/api/calling-hours").then();
    }

    static ValidatableResponse put(UUID tenant, String role, String body) {
        return given().auth().oauth2(TestTokens.forTenant(tenant, role)).contentType(ContentType.JSON).body(body)
                .when().put("/api/calling-hours").then();
    }

    /** A PHONE check by agent tom of a French mobile number with a marketing consent, at {@code plannedAt}. */
    static ValidatableResponse phoneCheck(UUID tenant, String plannedAt) {
        String phone = "+33612" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
        given().auth().oauth2(officer(tenant)).contentType(ContentType.JSON).body("""
                        {"subject":{"phone":"%s"},"channel":"PHONE","purpose":"MARKETING","state":"GRANTED","source":"FORM",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"form-v1"}}""".formatted(phone))
                .when().post("/api/consents").then().statusCode(201);
        return given().auth().oauth2(TestTokens.forClient(tenant, "tom", "agent")).contentType(ContentType.JSON).body("""
                        {"channel":"PHONE","purpose":"MARKETING","recipient":{"phone":"%s"},"plannedAt":"%s"}""".formatted(phone, plannedAt))
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    @Test
    void aTenantWithoutHoursOfItsOwnSeesThePlatformDefault() {
        UUID tenant = UUID.randomUUID();
        get(tenant, "viewer").statusCode(200)
                .body("source", equalTo("DEFAULT"))
                .body("days.MONDAY", contains("10:00-13:00", "14:00-20:00"))
                .body("days.SATURDAY", empty())
                .body("holidays", equalTo("FRANCE"))
                .body("timeZone", equalTo("Europe/Paris"))
                .body("version", nullValue());
    }

    @Test
    void theRegistrysTimeZoneIsTheTenants() {
        UUID tenant = UUID.randomUUID();
        given().auth().oauth2(TestTokens.withoutTenant("platform-admin")).contentType(ContentType.JSON)
                .body("{\"slug\":\"t-" + tenant + "\",\"displayName\":\"Test tenant\",\"timeZone\":\"America/Martinique\"}")
                .when().put("/api/tenants/" + tenant).then().statusCode(200);
        get(tenant, "privacy-officer").statusCode(200).body("timeZone", equalTo("America/Martinique"));
    }

    @Test
    void hoursJustPutDecideTheNextCheckAndADeleteGoesBackToTheDefault() {
        UUID tenant = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        phoneCheck(tenant, SATURDAY_MORNING).body("decision", equalTo("REFUSED")).body("detail", equalTo("NO_CALLING_ON_THIS_DAY"));

        put(tenant, "privacy-officer", SATURDAY_HOURS).statusCode(200)
                .body("source", equalTo("TENANT")).body("version", equalTo(1))
                .body("days.SATURDAY", contains("10:00-12:00")).body("days.MONDAY", contains("09:00-12:00", "14:00-18:00"))
                .body("days.TUESDAY", empty()).body("holidays", equalTo("NONE"));
        phoneCheck(tenant, SATURDAY_MORNING).body("decision", equalTo("ALLOWED"));
        // Tuesday 3 March 2026, 11:00 in Paris: allowed by default, not by these hours.
        phoneCheck(tenant, "2026-03-03T10:00:00Z").body("decision", equalTo("REFUSED")).body("detail", equalTo("NO_CALLING_ON_THIS_DAY"));
        // Another tenant keeps the default.
        get(other, "viewer").body("source", equalTo("DEFAULT"));
        phoneCheck(other, SATURDAY_MORNING).body("decision", equalTo("REFUSED"));

        put(tenant, "privacy-officer", """
                {"days":{"saturday":["11:00-12:00"]}}""").statusCode(200).body("version", equalTo(2)).body("holidays", equalTo("FRANCE"));
        phoneCheck(tenant, SATURDAY_MORNING).body("decision", equalTo("REFUSED")).body("detail", equalTo("OUTSIDE_CALLING_WINDOWS"));

        given().auth().oauth2(officer(tenant)).when().delete("/api/calling-hours").then().statusCode(200)
                .body("source", equalTo("DEFAULT")).body("days.SATURDAY", empty());
        phoneCheck(tenant, SATURDAY_MORNING).body("detail", equalTo("NO_CALLING_ON_THIS_DAY"));
        phoneCheck(tenant, "2026-03-03T10:00:00Z").body("decision", equalTo("ALLOWED"));

        given().auth().oauth2(officer(tenant)).queryParam("action", "CALLING_HOURS_CHANGED").when().get("/api/audit-events")
                .then().statusCode(200)
                .body("items.details.source", contains("TENANT", "TENANT", "DEFAULT"))
                .body("items.details.windows", hasItem("MONDAY=09:00-12:00 14:00-18:00;SATURDAY=10:00-12:00"));
    }

    @Test
    void refusesInvalidHoursWithAProblemNamingTheField() {
        UUID tenant = UUID.randomUUID();
        put(tenant, "privacy-officer", "{\"days\":{\"monday\":[\"9h-12h\"]}}").statusCode(400)
                .contentType(startsWith("application/problem+json")).body("detail", startsWith("days.monday[0] must be written HH:mm-HH:mm"));
        put(tenant, "privacy-officer", "{\"days\":{\"monday\":[\"12:00-09:00\"]}}").statusCode(400)
                .body("detail", startsWith("days.monday[0] must start before it ends"));
        put(tenant, "privacy-officer", "{\"days\":{\"monday\":[\"09:00-12:00\",\"11:00-13:00\"]}}").statusCode(400)
                .body("detail", startsWith("days.monday: two windows overlap"));
        put(tenant, "privacy-officer", "{\"days\":{\"monday\":[\"09:00-12:00\"]},\"holidays\":\"MARS\"}").statusCode(400)
                .body("detail", startsWith("holidays must be"));
        put(tenant, "privacy-officer", "{\"days\":{\"someday\":[\"09:00-12:00\"]}}").statusCode(400)
                .body("detail", startsWith("days: each key must be a day of the week"));
        put(tenant, "privacy-officer", "{\"holidays\":\"FRANCE\"}").statusCode(400).body("detail", startsWith("days is required"));
        put(tenant, "privacy-officer", "{\"days\":[1,2]}").statusCode(400);
        get(tenant, "viewer").body("source", equalTo("DEFAULT"));
    }

    @Test
    void onlyAPrivacyOfficerChangesThemAndOnlyTheTenantsPeopleReadThem() {
        UUID tenant = UUID.randomUUID();
        put(tenant, "viewer", SATURDAY_HOURS).statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().delete("/api/calling-hours").then().statusCode(403);
        get(tenant, "contacts-editor").statusCode(403);
        given().when().get("/api/calling-hours").then().statusCode(401);
        get(tenant, "viewer").statusCode(200).body("source", not(equalTo("TENANT")));
    }
}
