package dev.oubli.web.portal;

import dev.oubli.web.FakeGateway;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
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
import static org.hamcrest.Matchers.endsWith;

@QuarkusTest
class PortalResourceTest {

    @Inject
    FakeGateway gateway;

    private String tenant;
    private String requestId;

    @BeforeEach
    void freshTenant() {
        gateway.reset();
        tenant = UUID.randomUUID().toString();
        requestId = UUID.randomUUID().toString();
        gateway.answer("GET", "/public/tenants/" + tenant, 200, new JsonObject().put("id", tenant).put("slug", "acme")
                .put("displayName", "Acme <Corp>").put("privacyContact", "dpo@acme.example").put("locale", "fr-FR"));
    }

    private Document page(String path, String acceptLanguage, int status) {
        return Jsoup.parse(given().header("Accept-Language", acceptLanguage).redirects().follow(false)
                .when().get(path).then().statusCode(status).extract().asString());
    }

    @Test
    void showsTheTenantsNameAndPrivacyContactAndEverySixRightsWithTheDeadlineInEnglish() {
        Document home = page("/portal/" + tenant, "en-GB,en;q=0.8", 200);
        assertThat(home.select("html").attr("lang")).isEqualTo("en");
        assertThat(home.select("header .tenant").text()).isEqualTo("Acme <Corp>");
        assertThat(home.select("footer").text()).contains("dpo@acme.example");
        assertThat(home.select("ul.rights a")).extracting(a -> a.attr("href")).containsExactly(
                "/portal/" + tenant + "/rights/access", "/portal/" + tenant + "/rights/portability",
                "/portal/" + tenant + "/rights/erasure", "/portal/" + tenant + "/rights/rectification",
                "/portal/" + tenant + "/rights/restriction", "/portal/" + tenant + "/rights/objection");
        assertThat(home.select(".deadline").text()).contains("one month");
    }

    @Test
    void speaksFrenchToAFrenchBrowserAndTheSwitchRemembersEnglish() {
        Document home = page("/portal/" + tenant, "fr-FR,fr;q=0.9,en;q=0.5", 200);
        assertThat(home.select("html").attr("lang")).isEqualTo("fr");
        assertThat(home.select("h1").text()).isEqualTo("Vos données personnelles");
        String switchUrl = home.select("header nav a").attr("href");
        assertThat(switchUrl).isEqualTo("/portal/" + tenant + "?lang=en");

        String cookie = given().header("Accept-Language", "fr").when().get(switchUrl).then().statusCode(200)
                .extract().cookie("oubli_lang");
        assertThat(cookie).isEqualTo("en");
        Document remembered = Jsoup.parse(given().header("Accept-Language", "fr").cookie("oubli_lang", "en")
                .when().get("/portal/" + tenant).then().statusCode(200).extract().asString());
        assertThat(remembered.select("h1").text()).isEqualTo("Your personal data");
    }

    @Test
    void escapesTheTenantsTextAndServesEveryPageWithAStrictPolicy() {
        given().when().get("/portal/" + tenant).then().statusCode(200)
                .header("Content-Security-Policy", containsString("default-src 'none'"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Referrer-Policy", "no-referrer")
                .header("Cache-Control", "no-store")
                .body(containsString("Acme &lt;Corp&gt;"));
    }

    @Test
    void answersAClearNotFoundPageForAnUnknownTenantOrAnIdThatIsNotOne() {
        String unknown = UUID.randomUUID().toString();
        Document page = page("/portal/" + unknown, "en", 404);
        assertThat(page.select("h1").text()).isEqualTo("Page not found");
        assertThat(page("/portal/not-a-tenant", "en", 404).select("h1").text()).isEqualTo("Page not found");
        assertThat(gateway.calls()).noneMatch(call -> call.path().contains("not-a-tenant"));
    }

    @Test
    void stillServesTheFormWhenTheTenantDirectoryCannotBeReached() {
        gateway.answer("GET", "/public/tenants/" + tenant, 503, FakeGateway.problem("unavailable"));
        Document form = page("/portal/" + tenant + "/rights/erasure", "en", 200);
        assertThat(form.select("form input[name=email]")).hasSize(1);
        assertThat(form.select("footer").text()).contains("cannot be shown right now");
    }

    @Test
    void labelsEveryInputOfTheRectificationForm() {
        Document form = page("/portal/" + tenant + "/rights/rectification", "en", 200);
        assertThat(form.select("input:not([type=hidden])")).isNotEmpty().allSatisfy(input ->
                assertThat(form.select("label[for=" + input.id() + "]")).as(input.id()).hasSize(1));
        assertThat(form.select("input[name=fix_lastName]")).hasSize(1);
    }

    @Test
    void sendsTheRightAndBothIdentifiersThenAsksForBothCodes() {
        gateway.answer("POST", "/public/tenants/" + tenant + "/privacy-requests", 202,
                new JsonObject().put("id", requestId).put("status", "IDENTITY_PENDING"));
        String location = given().contentType(ContentType.URLENC).formParam("email", " ada@example.com ")
                .formParam("phone", "06 12 34 56 78").redirects().follow(false)
                .when().post("/portal/" + tenant + "/rights/erasure")
                .then().statusCode(303).header("Location", endsWith("/portal/" + tenant + "/verification/" + requestId + "?with=both"))
                .extract().header("Location");
        JsonObject sent = gateway.last("POST", "/public/tenants/" + tenant + "/privacy-requests").body();
        assertThat(sent).isEqualTo(new JsonObject().put("type", "ERASURE").put("email", "ada@example.com").put("phone", "06 12 34 56 78"));

        Document codes = Jsoup.parse(given().when().get(location).then().statusCode(200).extract().asString());
        assertThat(codes.select("input[name=emailCode]")).hasSize(1);
        assertThat(codes.select("input[name=phoneCode]")).hasSize(1);
    }

    @Test
    void sendsOnlyTheCorrectedValuesOfARectification() {
        gateway.answer("POST", "/public/tenants/" + tenant + "/privacy-requests", 202,
                new JsonObject().put("id", requestId).put("status", "IDENTITY_PENDING"));
        given().contentType(ContentType.URLENC).formParam("email", "ada@example.com").formParam("fix_lastName", "Byron")
                .formParam("fix_company", "").redirects().follow(false)
                .when().post("/portal/" + tenant + "/rights/rectification").then().statusCode(303);
        assertThat(gateway.last("POST", "/public/tenants/" + tenant + "/privacy-requests").body().getJsonObject("corrections"))
                .isEqualTo(new JsonObject().put("lastName", "Byron"));
    }

    @Test
    void asksAgainWithoutCallingTheApiWhenNoIdentifierIsGiven() {
        Document form = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("email", " ")
                .when().post("/portal/" + tenant + "/rights/access").then().statusCode(400).extract().asString());
        assertThat(form.select("[role=alert]").text()).contains("Give an email address or a phone number");
        assertThat(gateway.calls()).noneMatch(call -> call.method().equals("POST"));
    }

    @Test
    void showsTheRateLimitPageWhenTheApiAnswers429() {
        gateway.answer("POST", "/public/tenants/" + tenant + "/privacy-requests", 429, FakeGateway.problem("too-many-requests"));
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("email", "ada@example.com")
                .when().post("/portal/" + tenant + "/rights/access").then().statusCode(429).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Too many requests");
    }

    @Test
    void confirmsTheRequestWhenTheCodeIsRight() {
        String path = "/public/tenants/" + tenant + "/privacy-requests/" + requestId + "/verification";
        gateway.answer("POST", path, 200, new JsonObject().put("id", requestId).put("status", "IN_PROGRESS"));
        Document page = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("with", "email").formParam("code", "123 456")
                .when().post("/portal/" + tenant + "/verification/" + requestId).then().statusCode(200).extract().asString());
        assertThat(page.select("h1").text()).isEqualTo("Your request is confirmed");
        assertThat(page.text()).contains("in progress");
        assertThat(gateway.last("POST", path).body()).isEqualTo(new JsonObject().put("code", "123456"));
    }

    @Test
    void saysAWrongCodeWithTheAttemptsLeftAndAnExpiredOneOnItsOwnPage() {
        String path = "/public/tenants/" + tenant + "/privacy-requests/" + requestId + "/verification";
        gateway.answer("POST", path, 400, FakeGateway.problem("verification-code-invalid").put("detail", "The email code is wrong; 4 attempt(s) left."));
        Document wrong = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("with", "email").formParam("code", "000000")
                .when().post("/portal/" + tenant + "/verification/" + requestId).then().statusCode(400).extract().asString());
        assertThat(wrong.select("[role=alert]").text()).contains("This code is not right").contains("4 attempt(s) left");

        gateway.answer("POST", path, 410, FakeGateway.problem("verification-code-expired"));
        Document expired = Jsoup.parse(given().contentType(ContentType.URLENC).formParam("with", "email").formParam("code", "000000")
                .when().post("/portal/" + tenant + "/verification/" + requestId).then().statusCode(410).extract().asString());
        assertThat(expired.select("h1").text()).isEqualTo("The code has expired");

        gateway.answer("POST", path, 403, FakeGateway.problem("verification-attempts-exhausted"));
        given().contentType(ContentType.URLENC).formParam("with", "email").formParam("code", "000000")
                .when().post("/portal/" + tenant + "/verification/" + requestId).then().statusCode(403)
                .body(containsString("Too many wrong codes"));
    }

    @Test
    void verifiesAPastedCertificateAndRefusesTextThatIsNotOne() {
        gateway.answer("POST", "/public/erasure-certificates/verification", 200, new JsonObject().put("valid", true));
        String certificate = new JsonObject().put("document", new JsonObject().put("requestId", requestId).encode()).put("signature", "c2ln").encode();
        given().contentType(ContentType.URLENC).formParam("pasted", certificate)
                .when().post("/portal/" + tenant + "/certificate").then().statusCode(200).body(containsString("This certificate is genuine"));
        assertThat(gateway.last("POST", "/public/erasure-certificates/verification").body().getString("signature")).isEqualTo("c2ln");

        gateway.answer("POST", "/public/erasure-certificates/verification", 200, new JsonObject().put("valid", false));
        given().contentType(ContentType.URLENC).formParam("pasted", certificate)
                .when().post("/portal/" + tenant + "/certificate").then().statusCode(200).body(containsString("is NOT valid"));

        given().contentType(ContentType.URLENC).formParam("pasted", "{not json")
                .when().post("/portal/" + tenant + "/certificate").then().statusCode(400).body(containsString("This is not a certificate"));
    }
}
