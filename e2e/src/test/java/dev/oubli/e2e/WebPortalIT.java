package dev.oubli.e2e;

import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The privacy portal in a real headless Chromium through the suite's gateway (issue 19): a person whose contact and
 * conversation Acme holds asks for erasure, reads the code in the local mail sink, confirms, follows the private
 * status link until the erasure is done, and checks the certificate on the public page; the contact and the
 * conversation are gone. Every page, in English and French, passes the axe-core scan ({@link WebBrowser}).
 */
class WebPortalIT {

    private static final String ACME = TenantObjects.ACME;
    private static final Pattern CODE = Pattern.compile("code is (\\d{6})");

    private static WebBrowser browser;

    @BeforeAll
    static void openTheBrowser() throws IOException {
        browser = WebBrowser.open();
    }

    @AfterAll
    static void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void aPersonErasesTheirDataFromThePortalFollowsThePrivateLinkAndTheCertificateVerifies() throws IOException {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        String conversation = as("acme-knowledge-editor").contentType("application/json")
                .body("{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":\"2026-03-01T09:00:00Z\",\"participants\":[{\"contactId\":\""
                        + contact + "\"}],\"messages\":[{\"direction\":\"INBOUND\",\"body\":\"Bonjour, un devis svp.\"}]}")
                .post("/api/conversations").then().statusCode(201).extract().path("id");

        browser.get("/portal/" + ACME + "?lang=en");
        assertThat(browser.driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("en");
        assertThat(browser.driver.findElements(By.cssSelector("ul.rights li"))).hasSize(6);
        browser.check("portal-home-en");
        browser.driver.findElement(By.cssSelector("header nav a")).click(); // the language switch
        browser.awaitHeading("Vos données personnelles");
        browser.check("portal-home-fr");
        browser.driver.findElement(By.cssSelector("a[href$='/rights/erasure']")).click();
        browser.awaitHeading("Effacer vos données");
        browser.check("portal-erasure-form-fr");

        browser.get("/portal/" + ACME + "/rights/erasure?lang=en");
        browser.check("portal-erasure-form-en");
        browser.type("email", subject.email());
        browser.submit("main form", "Enter your code");
        browser.check("portal-code-en");
        String codePage = browser.driver.getCurrentUrl();
        browser.get(withLanguage(codePage, "fr"));
        browser.awaitHeading("Saisissez votre code");
        browser.check("portal-code-fr");
        browser.get(withLanguage(codePage, "en"));
        browser.awaitHeading("Enter your code");

        browser.type("code", "000000".equals(awaitCode(subject.email())) ? "111111" : "000000");
        browser.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.awaitElement("[role=alert]");
        assertThat(browser.text("[role=alert]")).contains("This code is not right");
        browser.check("portal-wrong-code-en");

        browser.type("code", awaitCode(subject.email()));
        browser.submit("main form", "Your request");
        String privateLink = browser.driver.getCurrentUrl();
        assertThat(privateLink).matches(".*/portal/" + ACME + "/status/[A-Za-z0-9_-]{43}\\?new=1");
        assertThat(browser.text("[role=status]")).contains("private link");
        browser.check("portal-status-new-en");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            browser.get(privateLink.replace("?new=1", "?lang=en"));
            assertThat(browser.driver.findElement(By.id("request-status")).getAttribute("data-status")).isEqualTo("COMPLETED");
        });
        assertThat(browser.text("ul.steps")).contains("Contacts", "Conversation records").doesNotContain("in progress");
        browser.check("portal-status-completed-en");
        String certificate = browser.driver.findElement(By.id("certificate")).getAttribute("value");
        assertThat(certificate).contains("\"document\"", "\"signature\"");
        browser.get(privateLink.replace("?new=1", "?lang=fr"));
        assertThat(browser.text("#request-status")).isEqualTo("traitée");
        browser.check("portal-status-completed-fr");

        browser.driver.findElement(By.cssSelector("a[href='/portal/" + ACME + "/certificate']")).click();
        browser.awaitHeading("Vérifier un certificat d'effacement");
        browser.driver.findElement(By.id("pasted")).sendKeys(certificate);
        browser.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.awaitElement("[role=status]");
        assertThat(browser.text("[role=status]")).contains("authentique");
        browser.check("portal-certificate-valid-fr");

        browser.get("/portal/" + ACME + "/certificate?lang=en");
        assertThat(certificate).contains(ACME);
        // Another tenant's name in the signed facts: the signature no longer holds.
        browser.driver.findElement(By.id("pasted")).sendKeys(certificate.replace(ACME, UUID.randomUUID().toString()));
        browser.driver.findElement(By.cssSelector("main form button[type=submit]")).click();
        browser.awaitElement("[role=alert]");
        assertThat(browser.text("[role=alert]")).contains("NOT valid");
        browser.check("portal-certificate-invalid-en");

        browser.get(privateLink.replaceAll("/status/[A-Za-z0-9_-]{5}", "/status/AAAAA").replace("?new=1", "?lang=en"));
        assertThat(browser.text("h1")).isEqualTo("Link not found");
        browser.check("portal-status-unknown-en");
        browser.get("/portal/" + UUID.randomUUID() + "?lang=fr");
        assertThat(browser.text("h1")).isEqualTo("Page introuvable");
        browser.check("portal-unknown-tenant-fr");

        as("acme-privacy-officer").get("/api/contacts/" + contact).then().statusCode(404);
        as("acme-privacy-officer").get("/api/conversations/" + conversation).then().statusCode(404);
    }

    @Test
    void anAccessRequestFromThePortalDownloadsTheExportWithTheContactCardAndTheConversation() throws IOException {
        ErasureIT.Subject subject = ErasureIT.Subject.unique();
        String contact = as("acme-contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"" + subject.firstName() + "\",\"email\":\"" + subject.email() + "\"}")
                .post("/api/contacts").then().statusCode(201).extract().path("id");
        String message = "Quel est le prix du devis " + UUID.randomUUID() + " ?";
        as("acme-knowledge-editor").contentType("application/json")
                .body("{\"agent\":\"emile\",\"channel\":\"EMAIL\",\"startedAt\":\"2026-03-02T09:00:00Z\",\"participants\":[{\"contactId\":\""
                        + contact + "\"}],\"messages\":[{\"direction\":\"INBOUND\",\"body\":\"" + message + "\"}]}")
                .post("/api/conversations").then().statusCode(201);

        browser.get("/portal/" + ACME + "/rights/access?lang=en");
        browser.check("portal-access-form-en");
        browser.type("email", subject.email());
        browser.submit("main form", "Enter your code");
        browser.type("code", awaitCode(subject.email()));
        browser.submit("main form", "Your request");
        String privateLink = browser.driver.getCurrentUrl().replace("?new=1", "?lang=en");

        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            browser.get(privateLink);
            assertThat(browser.driver.findElements(By.id("export-link"))).isNotEmpty();
        });
        browser.check("portal-status-export-en");
        String href = browser.driver.findElement(By.id("export-link")).getAttribute("href");
        assertThat(href).contains("/public/exports/").contains("signature=").contains("expires");
        browser.get(privateLink.replace("?lang=en", "?lang=fr"));
        browser.check("portal-status-export-fr");

        try (Stream<Path> old = Files.list(WebBrowser.DOWNLOADS)) {
            for (Path file : old.toList()) {
                Files.deleteIfExists(file);
            }
        }
        browser.driver.findElement(By.id("export-link")).click();
        Path bundle = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(300)).until(() -> {
            try (Stream<Path> files = Files.list(WebBrowser.DOWNLOADS)) {
                return files.filter(file -> !file.toString().endsWith(".crdownload")).findFirst();
            }
        }, Optional::isPresent).orElseThrow();
        Map<String, String> files = unzip(Files.readAllBytes(bundle));
        assertThat(files).containsKeys("manifest.json", "contacts-service.json", "knowledge-service.json");
        assertThat(files.get("contacts-service.json")).contains(subject.email(), subject.firstName());
        assertThat(files.get("knowledge-service.json")).contains(message);
    }

    /** The unsubscribe page of privacy-service wears the portal's stylesheet and switch; its button unsubscribes. */
    @Test
    void theUnsubscribePageHasThePortalsLookAndLanguageSwitchAndItsButtonUnsubscribes() throws IOException {
        String email = "unsubscribe-" + UUID.randomUUID() + "@example.org";
        String header = as("acme-privacy-officer").contentType("application/json")
                .body("{\"recipient\":{\"email\":\"" + email + "\"},\"purpose\":\"MARKETING\"}")
                .post("/api/unsubscribe-headers").then().statusCode(200).extract().path("listUnsubscribe");
        String token = header.replaceAll("(?s).*/u/([^>/?]+).*", "$1");

        browser.get("/u/" + token + "?lang=en");
        browser.awaitHeading("Unsubscribe");
        // The portal's stylesheet applies (the header's panel colour), under the page's own strict CSP.
        assertThat(browser.driver.findElement(By.cssSelector("header.site")).getCssValue("background-color"))
                .isEqualTo("rgba(243, 245, 248, 1)");
        browser.check("unsubscribe-en");
        browser.driver.findElement(By.cssSelector("header nav a")).click();
        browser.awaitHeading("Se désabonner");
        browser.check("unsubscribe-fr");
        // "Tout arrêter" (ADR 0047): every purpose, and the address suppressed; the first button stops MARKETING only.
        browser.driver.findElement(By.cssSelector("main form button[name=scope][value=everything]")).click();
        browser.awaitHeading("Vous êtes désabonné·e");
        browser.check("unsubscribe-done-fr");
        as("acme-privacy-officer").contentType("application/json").body(Map.of("email", email))
                .post("/api/suppressions/check").then().statusCode(200).body("suppressed", org.hamcrest.Matchers.equalTo(true));
    }

    private static String withLanguage(String url, String language) {
        String bare = url.replaceAll("[?&]lang=[a-z]{2}", "");
        return bare + (bare.contains("?") ? "&" : "?") + "lang=" + language;
    }

    private static Map<String, String> unzip(byte[] zip) throws IOException {
        Map<String, String> files = new java.util.TreeMap<>();
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
            for (java.util.zip.ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                files.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    private static RequestSpecification as(String user) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(Keycloak.userToken(user));
    }

    private static String awaitCode(String email) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> mailedCode(email), Optional::isPresent).orElseThrow();
    }

    /** The six-digit code of the newest mail to this address in the suite's local mail sink. */
    private static Optional<String> mailedCode(String email) throws IOException {
        Path mail = Suite.OUTBOX.resolve("mail");
        if (!Files.isDirectory(mail)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(mail)) {
            for (Path file : files.sorted(Comparator.comparing(WebPortalIT::modified).reversed()).toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                Matcher code = CODE.matcher(text);
                if (text.startsWith("To: " + email.toLowerCase() + "\n") && code.find()) {
                    return Optional.of(code.group(1));
                }
            }
        }
        return Optional.empty();
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException gone) {
            return 0;
        }
    }
}
