package dev.oubli.privacy.unsubscribe;

import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.startsWith;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class UnsubscribeResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();

    @BeforeEach
    void registerTheTenants() {
        // Public paths answer for registered, ACTIVE tenants only (ADR 0020).
        dev.oubli.privacy.tenant.TestTenants.register(TENANT);
        dev.oubli.privacy.tenant.TestTenants.register(OTHER_TENANT);
    }

    @Inject
    SubjectIndex subjectIndex;

    static String officer(UUID tenant) {
        return TestTokens.forTenant(tenant, "privacy-officer");
    }

    static String email() {
        return "lin+" + UUID.randomUUID() + "@example.com";
    }

    static void consent(UUID tenant, String email, String purpose, String state) {
        given().auth().oauth2(officer(tenant)).contentType(ContentType.JSON).body("""
                        {"subject":{"email":"%s"},"channel":"EMAIL","purpose":"%s","state":"%s","source":"FORM",
                         "proof":{"collectedAt":"2026-03-01T10:00:00Z","textVersion":"form-v1"}}""".formatted(email, purpose, state))
                .when().post("/api/consents").then().statusCode(201);
    }

    /** The token of the List-Unsubscribe header the API gives for this recipient. */
    static String tokenFor(UUID tenant, String email, String purpose) {
        String header = given().auth().oauth2(TestTokens.forTenant(tenant, "agent")).contentType(ContentType.JSON)
                .body("{\"recipient\":{\"email\":\"" + email + "\"},\"purpose\":\"" + purpose + "\"}")
                .when().post("/api/unsubscribe-headers").then().statusCode(200)
                .body("listUnsubscribePost", equalTo("List-Unsubscribe=One-Click"))
                .extract().path("listUnsubscribe");
        assertThat(header).startsWith("<http://127.0.0.1:8080/u/").endsWith(">").doesNotContain(email);
        return header.substring(header.lastIndexOf('/') + 1, header.length() - 1);
    }

    static ValidatableResponse consents(UUID tenant, String email) {
        return given().auth().oauth2(officer(tenant)).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/consents/lookup").then().statusCode(200);
    }

    static ValidatableResponse oneClick(String token) {
        return given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .when().post("/u/" + token).then();
    }

    static ValidatableResponse check(UUID tenant, String email, String purpose) {
        return given().auth().oauth2(TestTokens.forClient(tenant, "emile", "agent")).contentType(ContentType.JSON)
                .body("{\"agentId\":\"emile\",\"channel\":\"EMAIL\",\"purpose\":\"" + purpose + "\",\"recipient\":{\"email\":\"" + email + "\"}}")
                .when().post("/api/contact-checks").then().statusCode(200);
    }

    /** Per purpose (issue 21 item 7, docs/adr/0047): the page's first button stops the token's purpose, nothing else. */
    @Test
    void thePageConfirmsInFrenchAndItsFirstButtonWithdrawsTheTokensPurposeOnly() {
        String email = email();
        consent(TENANT, email, "NEWSLETTER", "GRANTED");
        consent(TENANT, email, "SERVICE", "GRANTED");
        check(TENANT, email, "NEWSLETTER").body("decision", equalTo("ALLOWED"));
        String token = tokenFor(TENANT, email, "NEWSLETTER");

        String page = given().header("Accept-Language", "fr-FR,fr;q=0.9,en;q=0.8").when().get("/u/" + token).then()
                .statusCode(200).contentType(containsString("text/html"))
                .body(containsString("lang=\"fr\""))
                .body(containsString("Confirmer le désabonnement"))
                .body(containsString("name=\"List-Unsubscribe\" value=\"One-Click\""))
                .body(containsString("la lettre d’information"))
                .body(containsString("name=\"scope\" value=\"purpose\""))
                .body(containsString("name=\"scope\" value=\"everything\""))
                .body(containsString("Tout arrêter"))
                .extract().asString();
        assertThat(page).doesNotContain(email);
        // Showing the page changes nothing: link scanners open links.
        consents(TENANT, email).body("current.state", contains("GRANTED", "GRANTED")).body("suppressed", equalTo(false));

        given().header("Accept-Language", "fr").contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .formParam("scope", "purpose")
                .when().post("/u/" + token).then().statusCode(200).body(containsString("Vous êtes désabonné"))
                .body(containsString("la lettre d’information"));

        consents(TENANT, email).body("current.find { it.purpose == 'NEWSLETTER' }.state", equalTo("WITHDRAWN"))
                .body("current.find { it.purpose == 'SERVICE' }.state", equalTo("GRANTED"))
                .body("history.source", contains("FORM", "FORM", "UNSUBSCRIBE_LINK"))
                .body("history[2].proof.textVersion", equalTo(UnsubscribeService.PROOF_TEXT))
                .body("history[2].proof.externalReference", startsWith("unsubscribe:purpose;sent:"))
                .body("suppressed", equalTo(false));
        check(TENANT, email, "NEWSLETTER").body("decision", equalTo("REFUSED")).body("reason", equalTo("WITHDRAWN"));
        check(TENANT, email, "SERVICE").body("decision", equalTo("ALLOWED"));
    }

    /** "Stop everything" (docs/adr/0047): every consent of the address withdrawn, and the address suppressed. */
    @Test
    void stopEverythingWithdrawsEveryPurposeAndSuppressesTheAddressInEnglish() {
        String email = email();
        consent(TENANT, email, "MARKETING", "GRANTED");
        consent(TENANT, email, "SERVICE", "GRANTED");
        String token = tokenFor(TENANT, email, "MARKETING");
        given().header("Accept-Language", "en").when().get("/u/" + token).then().statusCode(200)
                .body(containsString("lang=\"en\"")).body(containsString("offers and promotions"))
                .body(containsString("Stop everything"));

        given().header("Accept-Language", "en").contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .formParam("scope", "everything")
                .when().post("/u/" + token).then().statusCode(200).body(containsString("You are unsubscribed"))
                .body(containsString("We will no longer contact you at this address"));

        consents(TENANT, email).body("current.state", contains("WITHDRAWN", "WITHDRAWN"))
                .body("history.findAll { it.source == 'UNSUBSCRIBE_LINK' }.proof.externalReference",
                        everyItem(startsWith("unsubscribe:everything;sent:")))
                .body("history.findAll { it.source == 'UNSUBSCRIBE_LINK' }", hasSize(2))
                .body("suppressed", equalTo(true));
        check(TENANT, email, "SERVICE").body("decision", equalTo("REFUSED")).body("reason", equalTo("SUPPRESSED"));
        given().auth().oauth2(officer(TENANT)).queryParam("action", "UNSUBSCRIBED").when().get("/api/audit-events").then()
                .statusCode(200).body("items.findAll { it.details.scope == 'EVERYTHING' }", hasSize(1))
                .body("items.find { it.details.scope == 'EVERYTHING' }.details.purpose", equalTo("MARKETING"))
                .body(not(containsString(email)));
    }

    @Test
    void aScopeThePageDoesNotOfferUnsubscribesNobody() {
        String email = email();
        consent(TENANT, email, "MARKETING", "GRANTED");
        String token = tokenFor(TENANT, email, "MARKETING");
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").formParam("scope", "all-tenants")
                .when().post("/u/" + token).then().statusCode(400);
        consents(TENANT, email).body("current[0].state", equalTo("GRANTED")).body("suppressed", equalTo(false));
    }

    /** RFC 8058's one-click POST keeps its meaning: the token's purpose, not a suppression (docs/adr/0047). */
    @Test
    void theOneClickPostAloneWithdrawsTheTokensPurposeWithoutPriorConsentAndOnlyOnce() {
        String email = email();
        String token = tokenFor(TENANT, email, "MARKETING");

        oneClick(token).statusCode(200).body(containsString("You are unsubscribed"));
        oneClick(token).statusCode(200);

        consents(TENANT, email).body("history", hasSize(1))
                .body("history[0].state", equalTo("WITHDRAWN"))
                .body("history[0].source", equalTo("UNSUBSCRIBE_LINK"))
                .body("history[0].purpose", equalTo("MARKETING"))
                .body("history[0].proof.externalReference", startsWith("unsubscribe:purpose;sent:"))
                .body("suppressed", equalTo(false));
        given().auth().oauth2(officer(TENANT)).contentType(ContentType.JSON).body("{\"email\":\"" + email + "\"}")
                .when().post("/api/suppressions/check").then().statusCode(200)
                .body("entries", hasSize(0));
        check(TENANT, email, "MARKETING").body("reason", equalTo("WITHDRAWN"));
    }

    @Test
    void aTamperedOrForgedTokenGetsThePlainNotValidPageAndChangesNothing() {
        String email = email();
        consent(TENANT, email, "NEWSLETTER", "GRANTED");
        String token = tokenFor(TENANT, email, "NEWSLETTER");
        char last = token.charAt(60);
        String tampered = token.substring(0, 60) + (last == 'A' ? 'B' : 'A') + token.substring(61);
        String forged = new UnsubscribeTokens(new byte[32]).sign(new UnsubscribeToken(TENANT, subjectIndex.email(TENANT, email),
                Channel.EMAIL, Purpose.NEWSLETTER, Instant.now()));

        for (String bad : new String[] {tampered, forged, "not-a-token", token + "A"}) {
            given().when().get("/u/" + bad).then().statusCode(404)
                    .body(containsString("This link is not valid.")).body(not(containsString("form")));
            oneClick(bad).statusCode(404).body(containsString("This link is not valid."));
        }
        consents(TENANT, email).body("history", hasSize(1)).body("suppressed", equalTo(false));
    }

    @Test
    void aTokenMovedToAnotherTenantIsNotValidAndATenantsTokenTouchesOnlyThatTenant() {
        String email = email();
        consent(TENANT, email, "NEWSLETTER", "GRANTED");
        consent(OTHER_TENANT, email, "NEWSLETTER", "GRANTED");
        String token = tokenFor(OTHER_TENANT, email, "NEWSLETTER");

        // The other tenant's id swapped for ours, the signature kept.
        byte[] bytes = Base64.getUrlDecoder().decode(token);
        ByteBuffer.wrap(bytes, 1, 16).putLong(TENANT.getMostSignificantBits()).putLong(TENANT.getLeastSignificantBits());
        String moved = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        oneClick(moved).statusCode(404).body(containsString("This link is not valid."));

        oneClick(token).statusCode(200);
        consents(OTHER_TENANT, email).body("current[0].state", equalTo("WITHDRAWN"));
        consents(TENANT, email).body("current[0].state", equalTo("GRANTED")).body("suppressed", equalTo(false));
        check(TENANT, email, "NEWSLETTER").body("decision", equalTo("ALLOWED"));
    }

    @Test
    void aPostWithoutTheOneClickBodyUnsubscribesNobody() {
        String email = email();
        String token = tokenFor(TENANT, email, "NEWSLETTER");
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "Maybe").when().post("/u/" + token).then().statusCode(400);
        consents(TENANT, email).body("history", hasSize(0)).body("suppressed", equalTo(false));
    }

    /** The body as it is, with its length (REST Assured re-encodes form and multipart bodies). */
    static int rawPost(String token, String type, String body) {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(io.restassured.RestAssured.baseURI + ":" + io.restassured.RestAssured.port + "/u/" + token))
                .header("Content-Type", type).POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException | InterruptedException e) {
            throw new AssertionError("no answer to a post of " + body.length() + " characters as " + type, e);
        }
    }

    @Test
    void oversizedOrDeeplyNestedPostsAreRefusedWithA4xxAndTheNormalPostStillUnsubscribes() {
        String email = email();
        String token = tokenFor(TENANT, email, "NEWSLETTER");
        java.util.Map<String, String> bodies = new java.util.LinkedHashMap<>();
        bodies.put("a 2 MB string", "\"" + "x".repeat(2 * 1024 * 1024) + "\"");
        bodies.put("a 100 kB one-click value", "List-Unsubscribe=" + "y".repeat(100_000));
        bodies.put("arrays 10,000 deep", "[".repeat(10_000) + "]".repeat(10_000));
        bodies.put("objects 10,000 deep", "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000));
        for (String type : new String[] {"application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz", "application/json"}) {
            bodies.forEach((name, body) -> {
                assertThat(rawPost(token, type, body)).as(name + " as " + type).isBetween(400, 499);
            });
        }
        consents(TENANT, email).body("history", hasSize(0)).body("suppressed", equalTo(false));

        oneClick(token).statusCode(200).body(containsString("You are unsubscribed"));
        consents(TENANT, email).body("history[0].state", equalTo("WITHDRAWN")).body("history[0].source", equalTo("UNSUBSCRIBE_LINK"));
    }

    @Test
    void theHeadersNeedAnEmailAndAPurposeALinkCanCarry() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).contentType(ContentType.JSON)
                .body("{\"recipient\":{\"phone\":\"+33612345678\"},\"purpose\":\"MARKETING\"}")
                .when().post("/api/unsubscribe-headers").then().statusCode(400).body("detail", containsString("recipient.email"));
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).contentType(ContentType.JSON)
                .body("{\"recipient\":{\"email\":\"a@example.com\"},\"purpose\":\"LOTTERY\"}")
                .when().post("/api/unsubscribe-headers").then().statusCode(400).body("detail", containsString("purpose"));
    }
}
