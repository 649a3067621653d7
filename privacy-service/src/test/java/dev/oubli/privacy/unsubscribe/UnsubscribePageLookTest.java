package dev.oubli.privacy.unsubscribe;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The unsubscribe page wears the portal's stylesheet and layout, and has its language switch (issue 19). */
@QuarkusTest
class UnsubscribePageLookTest {

    private static final UUID TENANT = UUID.randomUUID();

    @Test
    void thePageUsesThePortalsStylesheetAndItsLanguageSwitchAndTheOneClickPostKeepsTheLanguage() {
        dev.oubli.privacy.tenant.TestTenants.register(TENANT);
        String token = UnsubscribeResourceTest.tokenFor(TENANT, UnsubscribeResourceTest.email(), "NEWSLETTER");

        String french = given().header("Accept-Language", "en").when().get("/u/" + token + "?lang=fr").then().statusCode(200)
                .header("Content-Security-Policy", org.hamcrest.Matchers.containsString("style-src 'self'"))
                .extract().asString();
        assertThat(french).contains("<html lang=\"fr\">", "Confirmer le désabonnement",
                "<link rel=\"stylesheet\" href=\"/web-assets/oubli.css\">", "<main id=\"main\"",
                "href=\"/u/" + token + "?lang=en\"", "action=\"/u/" + token + "?lang=fr\"",
                "name=\"List-Unsubscribe\" value=\"One-Click\"");
        assertThat(french).as("no inline style: the gateway's strict CSP allows the stylesheet only").doesNotContain("<style");

        assertThat(given().cookie("oubli_lang", "fr").when().get("/u/" + token).then().statusCode(200).extract().asString())
                .as("the portal's remembered language").contains("<html lang=\"fr\">");

        given().header("Accept-Language", "en").contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click")
                .when().post("/u/" + token + "?lang=fr").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("Vous êtes désabonné"));
    }
}
