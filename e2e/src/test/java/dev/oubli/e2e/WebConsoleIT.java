package dev.oubli.e2e;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.support.ui.Select;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The officer console in a real headless Chromium (issue 19): the officer logs in on Keycloak's own page
 * (authorization code + PKCE, client oubli-web), finds a request in the list, extends it with a reason (the due date
 * moves, the timeline shows it), rejects another and verifies the audit chain; a viewer sees no action and a forged
 * post is refused, by the form check without the form token and by the API with it. Each page passes the axe-core
 * scan ({@link WebBrowser}).
 */
class WebConsoleIT {

    private static final String ACME = TenantObjects.ACME;

    /** Redirect URIs this run added to oubli-web (the suite's ports are free ports), removed afterwards. */
    private static final List<String> ADDED = new ArrayList<>();

    /**
     * The suite listens on free ports, which the realm's redirect URIs of oubli-web cannot name in advance (Keycloak
     * matches the port exactly): the run allows its own origins through the admin API and takes them back after.
     */
    @BeforeAll
    static void allowTheSuitesOrigins() {
        for (String service : List.of("gateway", "web")) {
            String redirect = Suite.url(service).toString().replaceAll("/$", "") + "/*";
            if (changeRedirects(redirects -> !redirects.contains(redirect) && redirects.add(redirect))) {
                ADDED.add(redirect);
            }
        }
    }

    @AfterAll
    static void takeThemBack() {
        changeRedirects(redirects -> redirects.removeAll(ADDED));
    }

    @SuppressWarnings("unchecked")
    private static boolean changeRedirects(java.util.function.Predicate<List<String>> change) {
        String admin = Keycloak.tokenOfAnotherIssuer();
        RequestSpecification keycloak = given().baseUri(Suite.keycloak().toString()).auth().oauth2(admin);
        List<Map<String, Object>> clients = keycloak.queryParam("clientId", "oubli-web")
                .get("/admin/realms/oubli/clients").then().statusCode(200).extract().jsonPath().getList("$");
        Map<String, Object> client = clients.get(0);
        List<String> redirects = new ArrayList<>((List<String>) client.get("redirectUris"));
        if (!change.test(redirects)) {
            return false;
        }
        client.put("redirectUris", redirects);
        given().baseUri(Suite.keycloak().toString()).auth().oauth2(admin).contentType(ContentType.JSON).body(client)
                .put("/admin/realms/oubli/clients/" + client.get("id")).then().statusCode(204);
        return true;
    }

    @Test
    void theOfficerExtendsOneRequestAndRejectsAnotherAndAViewerCannotAct() throws Exception {
        String extendable = pendingSelfServiceRequest();
        String rejectable = pendingSelfServiceRequest();
        LocalDate dueBefore = LocalDate.parse(as("acme-privacy-officer").get("/api/privacy-requests/" + extendable)
                .then().statusCode(200).extract().path("dueOn"));

        try (WebBrowser browser = WebBrowser.open()) {
            browser.get("/console/requests?lang=en");
            logIn(browser, "acme-privacy-officer");
            browser.awaitHeading("Privacy requests");
            browser.check("console-requests-en");
            new Select(browser.driver.findElement(By.id("status"))).selectByValue("IDENTITY_PENDING");
            browser.driver.findElement(By.cssSelector("form.filters button[type=submit]")).click();
            browser.awaitElement("a[href='/console/requests/" + extendable + "']");
            browser.driver.findElement(By.cssSelector("a[href='/console/requests/" + extendable + "']")).click();
            browser.awaitElement("form[action$='/extension']");
            browser.check("console-request-en");

            new Select(browser.driver.findElement(By.id("months"))).selectByValue("2");
            browser.type("extend-reason", "Data spread over many systems");
            browser.driver.findElement(By.cssSelector("form[action$='/extension'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("[role=status]")).isEqualTo("The deadline was extended.");
            assertThat(browser.text("main dl")).contains("Data spread over many systems", dueBefore.plusMonths(2).toString());
            assertThat(browser.text("main ol")).contains("DEADLINE_EXTENDED");
            browser.check("console-request-extended-en");
            as("acme-viewer").get("/api/privacy-requests/" + extendable).then().statusCode(200)
                    .body("extension.reason", org.hamcrest.Matchers.equalTo("Data spread over many systems"));

            browser.get("/console/requests/" + rejectable + "?lang=fr");
            browser.awaitElement("form[action$='/rejection']");
            new Select(browser.driver.findElement(By.id("reject-reason"))).selectByValue("MANIFESTLY_UNFOUNDED");
            browser.driver.findElement(By.cssSelector("form[action$='/rejection'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("[role=status]")).isEqualTo("La demande a été refusée.");
            assertThat(browser.text("main dl")).contains("REJECTED");
            browser.check("console-request-rejected-fr");

            browser.get("/console/audit?verify=1&lang=en");
            browser.awaitElement("[role=status], [role=alert]");
            assertThat(browser.text("[role=status], [role=alert]")).startsWith("The chain is intact");
            browser.check("console-audit-en");
            browser.get("/console/audit?verify=1&lang=fr");
            assertThat(browser.text("[role=status], [role=alert]")).startsWith("La chaîne est intacte");
            browser.check("console-audit-fr");
            browser.get("/console/requests?lang=fr");
            browser.awaitHeading("Demandes d'exercice de droits");
            browser.check("console-requests-fr");
            browser.get("/console/subjects?lang=fr");
            browser.check("console-subject-form-fr");
            browser.get("/console/suppressions?lang=fr");
            browser.check("console-suppressions-fr");

            String person = "web-console-" + UUID.randomUUID() + "@example.org";
            browser.get("/console/suppressions?lang=en");
            browser.type("s-email", person);
            new Select(browser.driver.findElement(By.id("s-reason"))).selectByValue("OBJECTED");
            browser.driver.findElement(By.cssSelector("form[action='/console/suppressions'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("[role=status]")).isEqualTo("The address was added to the suppression list.");
            browser.check("console-suppression-added-en");

            browser.get("/console/subjects?lang=en");
            browser.check("console-subject-form-en");
            browser.type("subject-email", person);
            browser.driver.findElement(By.cssSelector("form[action='/console/subjects'] button")).click();
            browser.awaitElement("#suppression-state");
            assertThat(browser.text("#suppression-state")).contains("On the suppression list");
            browser.check("console-subject-en");

            Object entry = as("acme-viewer").contentType(ContentType.JSON).body(Map.of("email", person))
                    .post("/api/suppressions/check").then().statusCode(200).extract().path("entries[0].id");
            browser.get("/console/suppressions?lang=fr");
            browser.type("lift-" + entry, "Consentement retrouvé");
            browser.driver.findElement(By.cssSelector("form[action='/console/suppressions/" + entry + "/lift'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("main table")).contains("Consentement retrouvé");
            browser.check("console-suppression-lifted-fr");
            as("acme-viewer").contentType(ContentType.JSON).body(Map.of("email", person))
                    .post("/api/suppressions/check").then().statusCode(200).body("suppressed", org.hamcrest.Matchers.equalTo(false));

            browser.get("/console/policies?lang=en");
            browser.awaitHeading("Policies");
            browser.check("console-policies-en");
            browser.type("retention-conversations", "0");
            browser.driver.findElement(By.cssSelector("form[action='/console/policies/retention'] button")).click();
            browser.awaitElement("[role=alert]");
            assertThat(browser.text("[role=alert]")).contains("between 1 and");
            browser.check("console-policies-refused-en");
            browser.driver.findElement(By.cssSelector("form[action='/console/policies/guard'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("[role=status]")).isEqualTo("The guard's actions were saved.");
            String agent = "web-it-" + UUID.randomUUID().toString().substring(0, 8);
            browser.get("/console/policies?lang=fr");
            browser.type("d-agent", agent);
            new Select(browser.driver.findElement(By.id("d-channel"))).selectByValue("CHAT");
            browser.type("d-name", "Emile");
            browser.driver.findElement(By.cssSelector("form[action='/console/policies/disclosure'] button")).click();
            browser.awaitElement("[role=status]");
            assertThat(browser.text("#disclosures tbody")).contains(agent, "CHAT", "Emile");
            browser.check("console-policies-saved-fr");
            as("acme-privacy-officer").delete("/api/disclosure-policies/" + agent + "/CHAT").then().statusCode(204);

            // Calling hours (docs/adr/0046): the officer sets the tenant's own, sees them, and goes back to the default.
            try {
                // Other tests may have set Acme's own hours (MalformedInputIT writes every setting back): start from the default.
                as("acme-privacy-officer").delete("/api/calling-hours").then().statusCode(200);
                browser.get("/console/policies?lang=en");
                assertThat(browser.text("#calling-hours-source")).contains("platform default");
                browser.type("hours-SATURDAY", "10:00-12:00");
                browser.type("hours-MONDAY", "09:00-12:00, 14:00-18:00");
                new Select(browser.driver.findElement(By.id("hours-holidays"))).selectByValue("FRANCE_ALSACE_MOSELLE");
                browser.driver.findElement(By.cssSelector("form[action='/console/policies/calling-hours'] button")).click();
                browser.awaitElement("[role=status]");
                assertThat(browser.text("[role=status]")).isEqualTo("The calling hours were saved.");
                assertThat(browser.text("#calling-hours-source")).contains("own calling hours");
                assertThat(browser.driver.findElement(By.id("hours-SATURDAY")).getAttribute("value")).isEqualTo("10:00-12:00");
                assertThat(browser.driver.findElement(By.id("hours-MONDAY")).getAttribute("value")).isEqualTo("09:00-12:00, 14:00-18:00");
                browser.check("console-policies-calling-hours-en");
                as("acme-viewer").get("/api/calling-hours").then().statusCode(200)
                        .body("source", org.hamcrest.Matchers.equalTo("TENANT"))
                        .body("days.SATURDAY", org.hamcrest.Matchers.contains("10:00-12:00"))
                        .body("holidays", org.hamcrest.Matchers.equalTo("FRANCE_ALSACE_MOSELLE"));

                browser.type("hours-SUNDAY", "12:00-09:00");
                browser.driver.findElement(By.cssSelector("form[action='/console/policies/calling-hours'] button")).click();
                browser.awaitElement("[role=alert]");
                assertThat(browser.text("[role=alert]")).contains("days.sunday[0] must start before it ends");

                browser.get("/console/policies?lang=fr");
                browser.driver.findElement(By.cssSelector("form[action='/console/policies/calling-hours/default'] button")).click();
                browser.awaitElement("[role=status]");
                assertThat(browser.text("#calling-hours-source")).contains("par défaut");
                browser.check("console-policies-calling-hours-default-fr");
            } finally {
                as("acme-privacy-officer").delete("/api/calling-hours").then().statusCode(200);
            }
        }
        as("acme-viewer").get("/api/privacy-requests/" + extendable).then().statusCode(200)
                .body("dueOn", org.hamcrest.Matchers.equalTo(dueBefore.plusMonths(2).toString()));

        String untouched = pendingSelfServiceRequest();
        try (WebBrowser browser = WebBrowser.open()) {
            browser.get("/console/requests/" + untouched + "?lang=en");
            logIn(browser, "acme-viewer");
            browser.awaitElement("main dl");
            assertThat(browser.driver.findElements(By.cssSelector("main button, main form[method=post]"))).isEmpty();
            browser.check("console-request-viewer-en");

            forgePost(browser, "/console/requests/" + untouched + "/rejection", null);
            browser.awaitHeading("Form not accepted");
            browser.check("console-forged-form-en");
            forgePost(browser, "/console/requests/" + untouched + "/rejection", formToken("acme-viewer"));
            browser.awaitHeading("Not allowed");
            browser.check("console-viewer-refused-en");
            browser.get("/console/policies?lang=fr");
            browser.awaitHeading("Politiques");
            assertThat(browser.driver.findElements(By.cssSelector("main button, main form[method=post]"))).isEmpty();
            assertThat(browser.text("#retention")).isNotBlank();
            browser.check("console-policies-viewer-fr");
        }
        as("acme-viewer").get("/api/privacy-requests/" + untouched).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("IDENTITY_PENDING"));
    }

    /** A self-service request waiting for its code: open, neither sent to the owners nor settled. */
    private static String pendingSelfServiceRequest() {
        return given().baseUri(Suite.url("gateway").toString()).contentType(ContentType.JSON)
                .body("{\"type\":\"ERASURE\",\"email\":\"console-" + UUID.randomUUID() + "@example.org\"}")
                .post("/public/tenants/" + ACME + "/privacy-requests").then().statusCode(202).extract().path("id");
    }

    private static void logIn(WebBrowser browser, String username) {
        browser.awaitElement("#username, #kc-error-message");
        String page = browser.driver.getCurrentUrl();
        java.util.regex.Matcher redirect = java.util.regex.Pattern.compile("[?&]redirect_uri=([^&]+)").matcher(page);
        if (browser.driver.findElements(By.id("username")).isEmpty() && redirect.find()) {
            // The console's own origin as it names it behind the gateway: allowed for this run, then the login again.
            java.net.URI uri = java.net.URI.create(java.net.URLDecoder.decode(redirect.group(1), StandardCharsets.UTF_8));
            String origin = uri.getScheme() + "://" + uri.getRawAuthority() + "/*";
            if (changeRedirects(redirects -> !redirects.contains(origin) && redirects.add(origin))) {
                ADDED.add(origin);
            }
            browser.driver.navigate().refresh();
        }
        try {
            browser.awaitElement("#username");
        } catch (org.openqa.selenium.TimeoutException noLoginPage) {
            throw new AssertionError("no Keycloak login page at " + browser.driver.getCurrentUrl().replaceAll("[?&](state|code_challenge|nonce)=[^&]*", "")
                    + ": " + browser.driver.findElement(By.tagName("body")).getText(), noLoginPage);
        }
        browser.type("username", username);
        browser.type("password", Keycloak.DEMO_PASSWORD);
        browser.driver.findElement(By.id("kc-login")).click();
    }

    /** What a page of the viewer's own session could post, built in the page (no button offers it). */
    private static void forgePost(WebBrowser browser, String action, String token) {
        ((JavascriptExecutor) browser.driver).executeScript("""
                const form = document.createElement('form');
                form.method = 'post';
                form.action = arguments[0];
                for (const [name, value] of [['reason', 'MANIFESTLY_UNFOUNDED'], ['formToken', arguments[1]]]) {
                  if (value === null) continue;
                  const input = document.createElement('input');
                  input.type = 'hidden'; input.name = name; input.value = value;
                  form.appendChild(input);
                }
                document.body.appendChild(form);
                form.submit();""", action, token);
    }

    /** The console's anti-forgery token of a user (web's FormTokens: HMAC of the login name, the suite's secret). */
    private static String formToken(String username) throws Exception {
        String secret = System.getenv("OUBLI_WEB_FORM_SECRET");
        if (secret == null) {
            Properties local = new Properties();
            try (var in = Files.newInputStream(Suite.ROOT.resolve("deploy/local-dev.env"))) {
                local.load(in);
            }
            secret = local.getProperty("OUBLI_WEB_FORM_SECRET");
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret), "HmacSHA256"));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(("form|" + username).getBytes(StandardCharsets.UTF_8)));
    }

    private static RequestSpecification as(String user) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken(user));
    }
}
