package dev.oubli.privacy.retention;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

/** A tenant's retention policy (docs/adr/0057): defaults never "forever", legal minimums, audited changes, roles. */
@QuarkusTest
class RetentionPolicyResourceTest {

    final UUID tenant = UUID.randomUUID();

    @Test
    void everyCategoryHasADefaultUntilTheOfficerSetsItsOwn() {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/retention-policies").then().statusCode(200)
                .body("version", equalTo(0))
                .body("categories", hasSize(9))
                .body("categories.source", everyItem(equalTo("DEFAULT")))
                .body("categories.days", everyItem(not(equalTo(null))))
                .body("categories.find { it.category == 'CONSENT_HISTORY_AFTER_WITHDRAWAL' }.minimumDays", equalTo(1826));

        put("{\"days\":{\"NOTES\":30,\"CHECK_EVIDENCE\":2000}}").statusCode(200)
                .body("version", equalTo(1))
                .body("categories.find { it.category == 'NOTES' }.days", equalTo(30))
                .body("categories.find { it.category == 'NOTES' }.source", equalTo("TENANT"))
                .body("categories.find { it.category == 'CHECK_EVIDENCE' }.days", equalTo(2000))
                .body("categories.find { it.category == 'DOCUMENTS' }.source", equalTo("DEFAULT"));
        put("{\"days\":{\"NOTES\":null}}").statusCode(200)
                .body("version", equalTo(2))
                .body("categories.find { it.category == 'NOTES' }.days", equalTo(1095))
                .body("categories.find { it.category == 'CHECK_EVIDENCE' }.days", equalTo(2000));

        given().auth().oauth2(officer()).when().get("/api/audit-events?action=RETENTION_POLICY_CHANGED").then().statusCode(200)
                .body("items", hasSize(2))
                .body("items[0].details.NOTES", equalTo(30))
                .body("items[1].details.NOTES", equalTo("DEFAULT"));
        // Another tenant still follows the defaults.
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/retention-policies").then()
                .statusCode(200).body("categories.source", everyItem(equalTo("DEFAULT")));
    }

    @Test
    void refusesLimitsBelowTheLegalMinimumOrMalformedNamingTheField() {
        put("{\"days\":{\"CONSENT_HISTORY_AFTER_WITHDRAWAL\":365}}").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("days.CONSENT_HISTORY_AFTER_WITHDRAWAL"));
        put("{\"days\":{\"NOTES\":\"soon\"}}").statusCode(400).body("detail", containsString("days.NOTES"));
        put("{\"days\":{\"NOTES\":1.5}}").statusCode(400).body("detail", containsString("days.NOTES"));
        put("{\"days\":{\"NOTES\":0}}").statusCode(400).body("detail", containsString("days.NOTES"));
        put("{\"days\":{\"NOTES\":99999999999999999999999}}").statusCode(400).body("detail", containsString("days.NOTES"));
        put("{\"days\":{\"AUDIT_ENTRIES\":3000}}").statusCode(400).body("detail", containsString("days.AUDIT_ENTRIES"));
        put("{\"days\":{\"Ada's notes\":3}}").statusCode(400).body("detail", not(containsString("Ada")));
        put("{\"days\":{}}").statusCode(400);
        put("{}").statusCode(400);
        put("[1]").statusCode(400);
        given().auth().oauth2(officer()).when().get("/api/retention-policies").then().statusCode(200).body("version", equalTo(0));
    }

    @Test
    void onlyOfficersAndAdminsChangeItAndPlaceHolds() {
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).contentType(ContentType.JSON).body("{\"days\":{\"NOTES\":30}}")
                .when().put("/api/retention-policies").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor")).contentType(ContentType.JSON)
                .body("{\"requestId\":\"" + UUID.randomUUID() + "\",\"reason\":\"x\"}").when().post("/api/legal-holds").then().statusCode(403);
        given().when().get("/api/retention-policies").then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant(tenant, "platform-admin")).contentType(ContentType.JSON).body("{\"days\":{\"NOTES\":30}}")
                .when().put("/api/retention-policies").then().statusCode(200);
    }

    @Test
    void aHoldNeedsWhatItKeepsAndWhyAndIsLiftedOnce() {
        hold("{\"reason\":\"x\"}").statusCode(400);
        hold("{\"requestId\":\"" + UUID.randomUUID() + "\"}").statusCode(400).body("detail", containsString("reason"));
        hold("{\"requestId\":\"" + UUID.randomUUID() + "\",\"reason\":\"" + "x".repeat(201) + "\"}").statusCode(400);
        hold("{\"subject\":{\"email\":\"not an email\"},\"reason\":\"x\"}").statusCode(400).body("detail", not(containsString("not an")));
        String id = hold("{\"subject\":{\"email\":\"ada@example.com\"},\"reason\":\"litigation\"}").statusCode(200)
                .body("emailIndex", org.hamcrest.Matchers.hasLength(43)).extract().path("id");
        lift(id, "{}").statusCode(400);
        lift(id, "{\"reason\":\"closed\"}").statusCode(200).body("liftReason", equalTo("closed"));
        lift(id, "{\"reason\":\"closed\"}").statusCode(404);
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"closed\"}").when().post("/api/legal-holds/" + id + "/lift").then().statusCode(404);
        given().auth().oauth2(officer()).when().get("/api/audit-events?action=LEGAL_HOLD_PLACED").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].details.emailIndex", org.hamcrest.Matchers.hasLength(43))
                .body("items[0].details", not(org.hamcrest.Matchers.hasKey("reason")));
        given().auth().oauth2(officer()).when().get("/api/retention-policies").then().body("version", equalTo(2));
    }

    private io.restassured.response.ValidatableResponse put(String body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body).when().put("/api/retention-policies").then();
    }

    private io.restassured.response.ValidatableResponse hold(String body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body).when().post("/api/legal-holds").then();
    }

    private io.restassured.response.ValidatableResponse lift(String id, String body) {
        return given().auth().oauth2(officer()).contentType(ContentType.JSON).body(body).when().post("/api/legal-holds/" + id + "/lift").then();
    }

    private String officer() {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }
}
