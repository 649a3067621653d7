package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's one API document (/q/api-document, gateway README) against the services' own: every path a service
 * documents is in it (so the gateway routes it to that service), and every route of the gateway's routing table
 * (listed in the document as x-oubli-routes) has at least one documented path. The web module's pages are not an API.
 */
class GatewayApiDocumentIT {

    static final Set<String> DOCUMENTED_SERVICES = Set.of("contacts-service", "knowledge-service", "privacy-service", "gateway");

    private static JsonPath document() {
        return given().baseUri(Suite.url("gateway").toString()).accept("application/json")
                .when().get("/q/api-document")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void everyPathAServiceDocumentsIsInTheGatewaysDocument() {
        Map<String, Object> paths = document().getMap("paths");
        List<String> unrouted = new ArrayList<>();
        for (String service : List.of("contacts-service", "knowledge-service", "privacy-service")) {
            Map<String, Object> own = given().baseUri(Suite.url(service).toString()).accept("application/json")
                    .when().get("/q/openapi?format=json")
                    .then().statusCode(200).extract().jsonPath().getMap("paths");
            own.keySet().stream().filter(path -> !paths.containsKey(path)).forEach(path -> unrouted.add(service + " " + path));
        }
        assertThat(unrouted).as("service paths the gateway does not route").isEmpty();
    }

    @Test
    void everyRouteOfTheGatewayHasADocumentedPath() {
        JsonPath document = document();
        Set<String> paths = document.<String, Object>getMap("paths").keySet();
        List<Map<String, String>> routes = document.getList("x-oubli-routes");
        assertThat(routes).isNotEmpty();
        List<String> empty = new ArrayList<>();
        for (Map<String, String> route : routes) {
            String prefix = route.get("prefix");
            if (DOCUMENTED_SERVICES.contains(route.get("service"))
                    && paths.stream().noneMatch(path -> path.equals(prefix) || path.startsWith(prefix + "/"))) {
                empty.add(prefix + " (" + route.get("service") + ")");
            }
        }
        assertThat(empty).as("routes no service documents").isEmpty();
    }

    @Test
    void tokenOperationsNameTheBearerSchemeAndPublicOnesNone() {
        JsonPath document = document();
        assertThat(document.getString("components.securitySchemes.bearer.scheme")).isEqualTo("bearer");
        assertThat(document.getList("paths.'/api/contacts'.get.security.bearer")).isNotEmpty();
        Map<String, Object> paths = document.getMap("paths");
        paths.keySet().stream().filter(path -> path.startsWith("/u/")).findFirst().ifPresent(path ->
                assertThat(document.getList("paths.'" + path + "'.get.security")).isEmpty());
    }
}
