package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/**
 * The operations the suite documents: each service's own OpenAPI document ({@code /q/openapi}), read from the
 * running services, so a new endpoint is in the tests' reach the moment it exists.
 */
final class OpenApi {

    static final List<String> SERVICES = List.of("contacts-service", "knowledge-service", "privacy-service", "gateway");
    /** The roles of the realm, most powerful first: a test acting "with the most powerful token" takes the first allowed. */
    static final List<String> ROLES_BY_POWER = List.of("platform-admin", "privacy-officer", "contacts-editor", "knowledge-editor",
            "agent", "viewer");

    private OpenApi() {
    }

    /** One documented operation: its service, method (upper case), path template and the document it comes from. */
    record Operation(String service, String method, String path, Map<String, Object> spec, Map<String, Object> document) {

        String key() {
            return method + " " + path;
        }

        /** The roles allowed to call it, as the document's security requirement lists them; empty when it is public. */
        @SuppressWarnings("unchecked")
        List<String> roles() {
            Object security = spec.get("security");
            List<String> roles = new ArrayList<>();
            if (security instanceof List<?> requirements) {
                for (Object requirement : requirements) {
                    ((Map<String, List<String>>) requirement).values().forEach(roles::addAll);
                }
            }
            return roles;
        }

        boolean isPublic() {
            return !path.startsWith("/api/");
        }

        /** The most powerful role allowed, or null for a public operation. */
        String mostPowerfulRole() {
            List<String> allowed = roles();
            return ROLES_BY_POWER.stream().filter(allowed::contains).findFirst()
                    .orElse(isPublic() ? null : allowed.isEmpty() ? "privacy-officer" : allowed.get(0));
        }

        @SuppressWarnings("unchecked")
        List<Map<String, Object>> parameters() {
            Object parameters = spec.get("parameters");
            return parameters == null ? List.of() : (List<Map<String, Object>>) parameters;
        }

        /** The media types of the request body, first the one the service prefers; empty without a body. */
        @SuppressWarnings("unchecked")
        List<String> requestContentTypes() {
            Object body = spec.get("requestBody");
            if (body == null) {
                return List.of();
            }
            Map<String, Object> content = (Map<String, Object>) ((Map<String, Object>) body).get("content");
            return content == null ? List.of() : List.copyOf(content.keySet());
        }

        @SuppressWarnings("unchecked")
        Map<String, Object> requestSchema() {
            Map<String, Object> body = (Map<String, Object>) spec.get("requestBody");
            Map<String, Object> content = (Map<String, Object>) body.get("content");
            Map<String, Object> media = (Map<String, Object>) content.values().iterator().next();
            return media == null || media.get("schema") == null ? Map.of() : (Map<String, Object>) media.get("schema");
        }
    }

    /**
     * Where a service serves its document: its main port, or for the gateway its management interface (ADR 0024), on
     * the port the suite let it choose, which its log names.
     */
    private static String documentBase(String service) {
        String main = Suite.url(service).toString();
        if (given().baseUri(main).get("/q/openapi").statusCode() != 404) {
            return main;
        }
        try {
            Matcher port = Pattern.compile("Management interface listening on http://[^:]+:(\\d+)")
                    .matcher(Files.readString(Suite.log(service)));
            String last = null;
            while (port.find()) {
                last = port.group(1); // the latest start's
            }
            if (last == null) {
                throw new IllegalStateException(service + " serves no OpenAPI document on its main port and names no management port");
            }
            return "http://127.0.0.1:" + last;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final Map<String, String> BASES = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Where to send an operation: the gateway, the public entry, unless it does not route the path (it answers 404
     * where the owning service answers something else); then the owning service itself.
     */
    static String baseFor(Operation operation) {
        return BASES.computeIfAbsent(operation.key(), key -> {
            String gateway = Suite.url("gateway").toString();
            String path = operation.path().replaceAll("\\{[^}]+}", "0d5e1f3a-5b0c-4a7e-9a51-3c1e7a0b9d42");
            String role = operation.mostPowerfulRole();
            if (status(gateway, operation, path, role) != 404) {
                return gateway;
            }
            String service = Suite.url(operation.service()).toString();
            return status(service, operation, path, role) != 404 ? service : gateway;
        });
    }

    private static int status(String base, Operation operation, String path, String role) {
        var request = role == null ? given().baseUri(base) : TenantObjects.as("acme", role).baseUri(base);
        return request.contentType("application/json").body("{}").request(operation.method(), path).statusCode();
    }

    /** Every operation of every service of the suite, in a stable order. */
    @SuppressWarnings("unchecked")
    static List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        for (String service : SERVICES) {
            String json = given().baseUri(documentBase(service)).queryParam("format", "json")
                    .get("/q/openapi").then().statusCode(200).extract().asString();
            Map<String, Object> document = JsonPath.from(json).getMap("");
            Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
            paths.forEach((path, item) -> item.forEach((method, spec) -> {
                if (List.of("get", "put", "post", "patch", "delete").contains(method)) {
                    operations.add(new Operation(service, method.toUpperCase(), path, (Map<String, Object>) spec, document));
                }
            }));
        }
        return operations;
    }
}
