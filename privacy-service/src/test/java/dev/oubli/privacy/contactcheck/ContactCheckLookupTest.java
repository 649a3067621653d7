package dev.oubli.privacy.contactcheck;

import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.TENANT;
import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.agent;
import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.byEmail;
import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.check;
import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.consent;
import static dev.oubli.privacy.contactcheck.ContactCheckResourceTest.email;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** GET /api/contact-checks/{checkId}: a check read back by its agent or a reviewer, never across agents or tenants. */
@QuarkusTest
class ContactCheckLookupTest {

    @Test
    void theAgentReadsItsOwnCheckBackWithoutThePersonsIdentifiers() {
        String email = email();
        consent(byEmail(email), "EMAIL", "NEWSLETTER", "GRANTED");
        String id = check("emile", "EMAIL", "NEWSLETTER", byEmail(email), "").extract().path("checkId");

        given().auth().oauth2(agent("emile")).when().get("/api/contact-checks/" + id).then().statusCode(200)
                .body("checkId", equalTo(id))
                .body("agentId", equalTo("emile"))
                .body("decision", equalTo("ALLOWED"))
                .body("reason", nullValue())
                .body("channel", equalTo("EMAIL"))
                .body("purpose", equalTo("NEWSLETTER"))
                .body("disclosureVersion", equalTo("default"))
                .body("checkedAt", notNullValue())
                .body("emailIndex", nullValue());
        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer")).when().get("/api/contact-checks/" + id)
                .then().statusCode(200).body("agentId", equalTo("emile"));
        given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer")).when().get("/api/contact-checks/" + id)
                .then().statusCode(200).body("decision", equalTo("ALLOWED"));
    }

    @Test
    void aRefusedCheckReadsAsRefused() {
        String id = check("emile", "EMAIL", "MARKETING", byEmail(email()), "").extract().path("checkId");

        given().auth().oauth2(agent("emile")).when().get("/api/contact-checks/" + id).then().statusCode(200)
                .body("decision", equalTo("REFUSED"))
                .body("reason", notNullValue());
    }

    @Test
    void anotherAgentsAnotherTenantsOrAnUnknownCheckIsNotFound() {
        String id = check("emile", "EMAIL", "MARKETING", byEmail(email()), "").extract().path("checkId");

        given().auth().oauth2(agent("tom")).when().get("/api/contact-checks/" + id).then().statusCode(404)
                .contentType("application/problem+json");
        given().auth().oauth2(TestTokens.forClient(UUID.randomUUID(), "emile", "agent")).when().get("/api/contact-checks/" + id)
                .then().statusCode(404);
        given().auth().oauth2(agent("emile")).when().get("/api/contact-checks/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(agent("emile")).when().get("/api/contact-checks/not-a-uuid").then().statusCode(404);
    }
}
