package dev.oubli.gateway.apidocument;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** One API document: each service's paths that the gateway routes to it, with the security each route asks for. */
@QuarkusTest
@QuarkusTestResource(dev.oubli.gateway.routing.RecordingUpstream.class)
class ApiDocumentTest {

    @Test
    void theDocumentHoldsTheRoutedPathsOfEveryServiceAndTheGatewaysOwn() {
        JsonPath document = given().when().get("/q/api-document")
                .then().statusCode(200).contentType("application/json").extract().jsonPath();

        assertThat(document.getMap("paths")).containsKeys("/api/contacts/{id}", "/api/notes", "/u/{token}", "/api/me")
                .doesNotContainKeys("/api/not-routed-contacts-service", "/api/not-routed-privacy-service");
        assertThat(document.getString("paths.'/api/contacts/{id}'.get.summary")).isEqualTo("contacts-service");
        assertThat(document.getList("paths.'/api/contacts/{id}'.get.security")).hasSize(1);
        assertThat(document.getList("paths.'/u/{token}'.get.security")).isEmpty();
        assertThat(document.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(document.getMap("components.schemas")).containsKeys("contacts-service", "privacy-service");
        assertThat(document.getList("x-oubli-routes.prefix")).contains("/api/contacts", "/portal", "/u");
    }

    @Test
    void theSwaggerUiShowsTheDocument() {
        given().when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
