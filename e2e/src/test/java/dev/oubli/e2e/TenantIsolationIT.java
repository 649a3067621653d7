package dev.oubli.e2e;

import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Broken object-level authorisation, for every documented operation: Acme creates one object of each kind, Globex's
 * most powerful token for each operation calls it with Acme's ids in the path, and gets 404 (or 403) every time;
 * Acme's objects are the same afterwards. The table of {@link TenantObjects#OPERATIONS} must name every operation
 * of the documents, so a new endpoint fails here until someone says how to reach another tenant's object with it.
 */
class TenantIsolationIT {

    /**
     * Public operations whose path holds a secret (a signed link, a one-time code's request, an unsubscribe token):
     * Globex has Acme's ids but not the secret, and any refusal (4xx) will do.
     */
    private static final Set<TenantObjects.Kind> CAPABILITIES = Set.of(TenantObjects.Kind.EXPORT,
            TenantObjects.Kind.SELF_SERVICE_REQUEST, TenantObjects.Kind.UNSUBSCRIBE_TOKEN);

    private static List<OpenApi.Operation> operations;

    @BeforeAll
    static void readTheDocuments() {
        operations = OpenApi.operations();
    }

    @Test
    void everyDocumentedOperationIsInTheTableAndEveryRowIsStillDocumented() {
        Set<String> documented = new TreeSet<>();
        operations.forEach(operation -> documented.add(operation.key()));
        Set<String> missing = new TreeSet<>(documented);
        missing.removeAll(TenantObjects.OPERATIONS.keySet());
        Set<String> gone = new TreeSet<>(TenantObjects.OPERATIONS.keySet());
        gone.removeAll(documented);

        assertThat(missing).as("operations missing from TenantObjects.OPERATIONS: say which kind of object their path names").isEmpty();
        assertThat(gone).as("rows of TenantObjects.OPERATIONS no service documents any more").isEmpty();
    }

    @Test
    void globexGets404ForEveryOperationOnAcmesObjectsAndAcmesObjectsStayAsTheyWere() {
        TenantObjects acme = TenantObjects.createForAcme();
        // An unsubscribe token is the capability itself: Globex may know the person, not the token (one character off).
        String token = acme.pathValues.get(TenantObjects.Kind.UNSUBSCRIBE_TOKEN).get("token");
        acme.pathValues.put(TenantObjects.Kind.UNSUBSCRIBE_TOKEN,
                Map.of("token", token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A")));
        Map<TenantObjects.Kind, String> before = views(acme);
        Set<String> acmeIds = acmeIds(acme);

        List<String> failures = new ArrayList<>();
        int calls = 0;
        for (OpenApi.Operation operation : operations) {
            TenantObjects.Kind kind = TenantObjects.OPERATIONS.get(operation.key());
            if (kind == null || kind == TenantObjects.Kind.PUBLIC_ENTRY
                    || (kind == TenantObjects.Kind.NONE && !operation.method().equals("GET"))) {
                continue; // not in the table (the other test says so), or a creation in the caller's own tenant
            }
            calls++;
            Response response = asGlobex(operation).baseUri(OpenApi.baseFor(operation))
                    .contentType(operation.requestContentTypes().isEmpty() ? "application/json" : operation.requestContentTypes().get(0))
                    .body(bodyFor(operation))
                    .request(operation.method(), acme.fill(operation.path(), kind));
            int status = response.statusCode();
            if (kind == TenantObjects.Kind.NONE) {
                // A listing or setting of the caller's own tenant: nothing of Acme's in it.
                String body = response.asString();
                acmeIds.stream().filter(body::contains)
                        .forEach(id -> failures.add(operation.key() + " shows one of Acme's ids to Globex"));
                if (status >= 500) {
                    failures.add(operation.key() + " -> " + status);
                }
            } else if (kind == TenantObjects.Kind.DISCLOSURE_POLICY) {
                // The path is a key inside the caller's own tenant: Globex writes its own policy, Acme's stays (below).
                if (status >= 500) {
                    failures.add(operation.key() + " -> " + status);
                }
            } else if (CAPABILITIES.contains(kind)) {
                if (status < 400 || status >= 500) {
                    failures.add(operation.key() + " without the secret of Acme's " + kind + " -> " + status);
                }
            } else if (status != 404 && status != 403) {
                failures.add(operation.key() + " on Acme's " + kind + " -> " + status);
            }
        }

        Map<TenantObjects.Kind, String> after = views(acme);
        before.forEach((kind, view) -> {
            if (!view.equals(after.get(kind))) {
                failures.add("Acme's " + kind + " changed");
            }
        });
        assertThat(calls).isGreaterThan(20);
        assertThat(failures).as("Globex reaching Acme's objects").isEmpty();
    }

    /** Globex's token of the most powerful role the operation allows; none for a public operation. */
    private static io.restassured.specification.RequestSpecification asGlobex(OpenApi.Operation operation) {
        String role = operation.mostPowerfulRole();
        return role == null ? given().baseUri(Suite.url("gateway").toString()) : TenantObjects.as("globex", role);
    }

    /** A body each operation would accept from Acme, so a refusal is about the tenant, not the body. */
    private static String bodyFor(OpenApi.Operation operation) {
        return switch (operation.key()) {
            case "PATCH /api/contacts/{id}" -> "{\"lastName\":\"Globex\"}";
            case "PUT /api/documents/{id}" -> "{\"title\":\"Globex\",\"format\":\"TEXT\",\"content\":\"Globex was here.\"}";
            case "PUT /api/notes/{id}" -> "{\"title\":\"Globex\",\"body\":\"Globex was here.\"}";
            case "PUT /api/conversations/{id}" -> "{\"agent\":\"tom\",\"channel\":\"CHAT\",\"startedAt\":\"2026-03-01T10:00:00Z\","
                    + "\"participants\":[{\"email\":\"globex@example.invalid\"}],\"transcript\":\"Globex.\"}";
            case "POST /api/conversations/{id}/messages" -> "{\"direction\":\"OUTBOUND\",\"sentAt\":\"2026-03-01T10:00:00Z\",\"body\":\"Globex.\"}";
            case "POST /api/privacy-requests/{id}/cancellation" -> "{\"reason\":\"WITHDRAWN\"}";
            case "POST /api/privacy-requests/{id}/rejection" -> "{\"reason\":\"EXCESSIVE\"}";
            case "POST /api/suppressions/{id}/lift" -> "{\"reason\":\"Globex says so\"}";
            case "POST /api/legal-holds/{id}/lift" -> "{\"reason\":\"Globex says so\"}";
            case "POST /api/privacy-requests/{id}/extension" -> "{\"reason\":\"Globex says so\",\"months\":2}";
            case "PUT /api/disclosure-policies/{agentId}/{channel}" ->
                    "{\"agentName\":\"Globex\",\"agentRole\":\"assistant\",\"companyName\":\"Globex\",\"template\":\"Globex.\"}";
            case "PUT /api/tenants/{id}" -> "{\"slug\":\"acme\",\"displayName\":\"Globex was here\",\"status\":\"ACTIVE\"}";
            case "POST /public/tenants/{tenant}/privacy-requests/{id}/verification" -> "{\"code\":\"000000\"}";
            default -> "{}";
        };
    }

    /** What Acme sees of each of its objects; of a privacy request, what another tenant's call could change. */
    private static Map<TenantObjects.Kind, String> views(TenantObjects acme) {
        Map<TenantObjects.Kind, String> views = new LinkedHashMap<>();
        acme.views.forEach((kind, path) -> {
            String body = TenantObjects.as("acme", "privacy-officer").get(path).then().statusCode(200).extract().asString();
            if (kind == TenantObjects.Kind.PRIVACY_REQUEST) {
                JsonPath request = JsonPath.from(body);
                body = "closingReason=" + request.get("closingReason") + " dueOn=" + request.get("dueOn")
                        + " extension=" + request.get("extension");
            } else if (kind == TenantObjects.Kind.SUPPRESSION) {
                body = String.valueOf(JsonPath.from(body).getMap("entries.find { it.id == "
                        + acme.pathValues.get(kind).get("id") + " }"));
            } else if (kind == TenantObjects.Kind.DISCLOSURE_POLICY) {
                body = String.valueOf(JsonPath.from(body).getList("policies").stream()
                        .filter(item -> String.valueOf(item).contains(acme.pathValues.get(kind).get("agentId"))).toList());
            }
            views.put(kind, body);
        });
        return views;
    }

    private static Set<String> acmeIds(TenantObjects acme) {
        Set<String> ids = new TreeSet<>();
        acme.pathValues.forEach((kind, values) -> {
            if (kind != TenantObjects.Kind.TENANT && kind != TenantObjects.Kind.EXPORT && kind != TenantObjects.Kind.PUBLIC_ENTRY) {
                values.values().stream().filter(value -> value.length() >= 16).forEach(ids::add);
            }
        });
        return ids;
    }
}
