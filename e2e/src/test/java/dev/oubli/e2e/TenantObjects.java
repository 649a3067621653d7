package dev.oubli.e2e;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static io.restassured.RestAssured.given;

/**
 * One object of each kind the API addresses by a path parameter, created through the gateway by a tenant's own users,
 * and the values to put in a path template to reach each of them. Made-up identifiers only (fixture names,
 * {@code @example.invalid} addresses): nobody's personal data.
 */
final class TenantObjects {

    static final String ACME = "11111111-1111-4111-8111-111111111111";
    static final String GLOBEX = "22222222-2222-4222-8222-222222222222";

    /** The kinds of object a path parameter names; NONE for an operation without one (the token says the tenant). */
    enum Kind {
        NONE, CONTACT, CONTACT_IMPORT, DOCUMENT, NOTE, CONVERSATION, PRIVACY_REQUEST, SUPPRESSION, DISCLOSURE_POLICY,
        TENANT, EXPORT, SELF_SERVICE_REQUEST, UNSUBSCRIBE_TOKEN, CONTACT_CHECK, LEGAL_HOLD, BULK_ERASURE,
        /** A public entry point of a tenant (self-service requests): anyone may create there, nothing to read. */
        PUBLIC_ENTRY
    }

    /**
     * Every documented operation (method and path template) and the kind of object its path names. A new endpoint
     * fails {@code TenantIsolationIT} until it is added here, and so does a row whose endpoint went away.
     */
    static final Map<String, Kind> OPERATIONS = Map.ofEntries(
            // contacts-service
            Map.entry("GET /api/contacts", Kind.NONE),
            Map.entry("POST /api/contacts", Kind.NONE),
            Map.entry("GET /api/contacts/{id}", Kind.CONTACT),
            Map.entry("PATCH /api/contacts/{id}", Kind.CONTACT),
            Map.entry("DELETE /api/contacts/{id}", Kind.CONTACT),
            // ids in the body, each looked up in the caller's tenant (BulkContactErasureTest: another tenant's is not found)
            Map.entry("POST /api/contacts/erasures", Kind.NONE),
            Map.entry("POST /api/contact-imports", Kind.NONE),
            Map.entry("GET /api/contact-imports/{id}", Kind.CONTACT_IMPORT),
            // knowledge-service
            Map.entry("GET /api/documents", Kind.NONE),
            Map.entry("POST /api/documents", Kind.NONE),
            Map.entry("GET /api/documents/{id}", Kind.DOCUMENT),
            Map.entry("PUT /api/documents/{id}", Kind.DOCUMENT),
            Map.entry("DELETE /api/documents/{id}", Kind.DOCUMENT),
            Map.entry("GET /api/notes", Kind.NONE),
            Map.entry("POST /api/notes", Kind.NONE),
            Map.entry("GET /api/notes/{id}", Kind.NOTE),
            Map.entry("PUT /api/notes/{id}", Kind.NOTE),
            Map.entry("DELETE /api/notes/{id}", Kind.NOTE),
            Map.entry("GET /api/conversations", Kind.NONE),
            Map.entry("POST /api/conversations", Kind.NONE),
            Map.entry("GET /api/conversations/{id}", Kind.CONVERSATION),
            Map.entry("PUT /api/conversations/{id}", Kind.CONVERSATION),
            Map.entry("DELETE /api/conversations/{id}", Kind.CONVERSATION),
            Map.entry("POST /api/conversations/{id}/messages", Kind.CONVERSATION),
            Map.entry("GET /api/search", Kind.NONE),
            Map.entry("GET /api/retention", Kind.NONE),
            Map.entry("PUT /api/retention", Kind.NONE),
            Map.entry("GET /api/retention/purges", Kind.NONE),
            Map.entry("POST /api/retention/purges", Kind.NONE),
            Map.entry("GET /api/erasure-policy", Kind.NONE),
            Map.entry("PUT /api/erasure-policy", Kind.NONE),
            Map.entry("GET /api/guard-policy", Kind.NONE),
            Map.entry("PUT /api/guard-policy", Kind.NONE),
            Map.entry("GET /api/interaction-report", Kind.NONE),
            // privacy-service
            Map.entry("GET /api/privacy-requests", Kind.NONE),
            Map.entry("POST /api/privacy-requests", Kind.NONE),
            Map.entry("GET /api/privacy-requests/{id}", Kind.PRIVACY_REQUEST),
            Map.entry("GET /api/bulk-erasures/{id}", Kind.BULK_ERASURE),
            Map.entry("GET /api/bulk-erasures/{id}/certificate", Kind.BULK_ERASURE),
            Map.entry("POST /api/privacy-requests/{id}/cancellation", Kind.PRIVACY_REQUEST),
            Map.entry("POST /api/privacy-requests/{id}/rejection", Kind.PRIVACY_REQUEST),
            Map.entry("POST /api/privacy-requests/{id}/extension", Kind.PRIVACY_REQUEST),
            Map.entry("POST /api/privacy-requests/{id}/tasks/{owner}/retry", Kind.PRIVACY_REQUEST),
            Map.entry("GET /api/privacy-requests/{id}/certificate", Kind.PRIVACY_REQUEST),
            Map.entry("GET /api/privacy-requests/{id}/export", Kind.PRIVACY_REQUEST),
            Map.entry("POST /api/consents", Kind.NONE),
            Map.entry("POST /api/consents/lookup", Kind.NONE),
            Map.entry("GET /api/suppressions", Kind.NONE),
            Map.entry("POST /api/suppressions", Kind.NONE),
            Map.entry("POST /api/suppressions/check", Kind.NONE),
            Map.entry("POST /api/suppressions/{id}/lift", Kind.SUPPRESSION),
            Map.entry("GET /api/contact-checks", Kind.NONE),
            Map.entry("POST /api/contact-checks", Kind.NONE),
            Map.entry("GET /api/contact-checks/noop", Kind.NONE),
            Map.entry("GET /api/contact-checks/{checkId}", Kind.CONTACT_CHECK),
            Map.entry("GET /api/audit-events", Kind.NONE),
            Map.entry("GET /api/audit-events/verification", Kind.NONE),
            Map.entry("GET /api/disclosure-policies", Kind.NONE),
            Map.entry("PUT /api/disclosure-policies/{agentId}/{channel}", Kind.DISCLOSURE_POLICY),
            Map.entry("DELETE /api/disclosure-policies/{agentId}/{channel}", Kind.DISCLOSURE_POLICY),
            Map.entry("POST /api/unsubscribe-headers", Kind.NONE),
            Map.entry("GET /api/calling-hours", Kind.NONE),
            Map.entry("PUT /api/calling-hours", Kind.NONE),
            Map.entry("DELETE /api/calling-hours", Kind.NONE),
            Map.entry("GET /api/retention-policies", Kind.NONE),
            Map.entry("PUT /api/retention-policies", Kind.NONE),
            Map.entry("GET /api/retention-purges", Kind.NONE),
            Map.entry("GET /api/legal-holds", Kind.NONE),
            Map.entry("POST /api/legal-holds", Kind.NONE),
            Map.entry("POST /api/legal-holds/{id}/lift", Kind.LEGAL_HOLD),
            Map.entry("PUT /api/tenants/{id}", Kind.TENANT),
            Map.entry("POST /api/tenants/{id}/termination", Kind.TENANT),
            Map.entry("GET /api/tenants/{id}/purge-certificate", Kind.TENANT),
            // A tenant's public profile (name, privacy contact) is public by design: no object of another tenant's.
            Map.entry("GET /public/tenants/{tenantId}", Kind.NONE),
            Map.entry("GET /u/{token}", Kind.UNSUBSCRIBE_TOKEN),
            Map.entry("POST /u/{token}", Kind.UNSUBSCRIBE_TOKEN),
            Map.entry("GET /public/exports/{tenant}/{id}", Kind.EXPORT),
            Map.entry("POST /public/tenants/{tenant}/privacy-requests", Kind.PUBLIC_ENTRY),
            Map.entry("POST /public/tenants/{tenant}/privacy-requests/{id}/verification", Kind.SELF_SERVICE_REQUEST),
            // The private status link: its secret is in the body, a token of one tenant is a 404 under another
            // (privacy-service's SelfServiceStatusTest); nothing in the path names an object.
            Map.entry("POST /public/tenants/{tenant}/privacy-requests/status", Kind.PUBLIC_ENTRY),
            Map.entry("POST /public/erasure-certificates/verification", Kind.NONE),
            Map.entry("GET /public/erasure-certificates/public-key", Kind.NONE),
            // gateway
            Map.entry("GET /api/me", Kind.NONE));

    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    final String tenant;
    final String slug;
    /** Path parameter name to value, per kind. */
    final Map<Kind, Map<String, String>> pathValues = new LinkedHashMap<>();
    /** GET paths that show each object to its own tenant, to compare before and after. */
    final Map<Kind, String> views = new LinkedHashMap<>();

    private TenantObjects(String tenant, String slug) {
        this.tenant = tenant;
        this.slug = slug;
    }

    /** A user's token, or the agent's, of tenant "acme" or "globex", cached for the run (they live for minutes). */
    static String token(String slug, String role) {
        return TOKENS.computeIfAbsent(slug + "-" + role, Keycloak::userToken);
    }

    static RequestSpecification as(String slug, String role) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(token(slug, role));
    }

    /** Creates one object of each kind as Acme. */
    static TenantObjects createForAcme() {
        TenantObjects objects = new TenantObjects(ACME, "acme");
        objects.create();
        return objects;
    }

    private void create() {
        String mark = UUID.randomUUID().toString().substring(0, 8);
        String email = "fixture-" + mark + "@example.invalid";
        // Recent, so a retention purge of older items (the fuzz test's) leaves the fixtures alone.
        String now = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();

        String contact = created(as(slug, "contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"Fixture" + mark + "\",\"email\":\"" + email + "\"}").post("/api/contacts"), 201);
        put(Kind.CONTACT, "/api/contacts/" + contact, "id", contact);

        // A bulk erasure of a contact of its own; no view: its status moves on by itself, and no operation writes to one.
        String erased = created(as(slug, "contacts-editor").contentType("application/json")
                .body("{\"firstName\":\"Erased" + mark + "\"}").post("/api/contacts"), 201);
        String bulk = created(as(slug, "contacts-editor").contentType("application/json")
                .body("{\"contactIds\":[\"" + erased + "\"]}").post("/api/contacts/erasures"), 202);
        pathValues.put(Kind.BULK_ERASURE, Map.of("id", bulk));

        String contactImport = created(as(slug, "contacts-editor").contentType("text/csv").queryParam("lawfulBasis", "CONTRACT")
                .body("firstName,email\nImported" + mark + ",imported-" + mark + "@example.invalid\n").post("/api/contact-imports"), 202);
        // No view: an import's status moves on by itself, and no operation writes to one.
        pathValues.put(Kind.CONTACT_IMPORT, Map.of("id", contactImport));

        String document = created(as(slug, "knowledge-editor").contentType("application/json")
                .body("{\"title\":\"Fixture " + mark + "\",\"format\":\"TEXT\",\"content\":\"A fixture document.\"}")
                .post("/api/documents"), 201);
        put(Kind.DOCUMENT, "/api/documents/" + document, "id", document);

        String note = created(as(slug, "knowledge-editor").contentType("application/json")
                .body("{\"title\":\"Fixture " + mark + "\",\"body\":\"A fixture note.\",\"contactId\":\"" + contact + "\"}")
                .post("/api/notes"), 201);
        put(Kind.NOTE, "/api/notes/" + note, "id", note);

        String conversation = created(as(slug, "knowledge-editor").contentType("application/json")
                .body("{\"agent\":\"emile\",\"channel\":\"EMAIL\",\"startedAt\":\"" + now + "\",\"participants\":[{\"email\":\""
                        + email + "\"}],\"messages\":[{\"direction\":\"INBOUND\",\"sentAt\":\"" + now + "\",\"body\":\"Hello.\"}]}")
                .post("/api/conversations"), 201);
        put(Kind.CONVERSATION, "/api/conversations/" + conversation, "id", conversation);

        String request = created(as(slug, "privacy-officer").contentType("application/json")
                .body("{\"type\":\"ACCESS\",\"subject\":{\"emails\":[\"request-" + mark + "@example.invalid\"]}}")
                .post("/api/privacy-requests"), 202);
        put(Kind.PRIVACY_REQUEST, "/api/privacy-requests/" + request, "id", request);
        pathValues.put(Kind.EXPORT, Map.of("tenant", tenant, "id", request));

        String suppressed = "suppressed-" + mark + "@example.invalid";
        as(slug, "privacy-officer").contentType("application/json").body("{\"subject\":{\"email\":\"" + suppressed + "\"}}")
                .post("/api/suppressions").then().statusCode(200);
        // The list shows blind indexes only: the newest entry is the one just added (the fixture's tenant is used by tests only).
        Number suppression = as(slug, "privacy-officer").get("/api/suppressions").then().statusCode(200).extract()
                .path("entries.max { it.id }.id");
        put(Kind.SUPPRESSION, "/api/suppressions", "id", suppression.toString());

        String agentId = "fixture-" + mark;
        as(slug, "privacy-officer").contentType("application/json")
                .body("{\"agentName\":\"Fixture\",\"agentRole\":\"assistant\",\"companyName\":\"Acme\",\"template\":\"Hello, I am {agentName}.\"}")
                .put("/api/disclosure-policies/" + agentId + "/EMAIL").then().statusCode(200);
        pathValues.put(Kind.DISCLOSURE_POLICY, Map.of("agentId", agentId, "channel", "EMAIL"));
        views.put(Kind.DISCLOSURE_POLICY, "/api/disclosure-policies");

        String check = as(slug, "agent").contentType("application/json")
                .body("{\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\",\"recipient\":{\"email\":\"" + email + "\"}}")
                .post("/api/contact-checks").then().statusCode(200).extract().path("checkId");
        put(Kind.CONTACT_CHECK, "/api/contact-checks/" + check, "checkId", check);

        String hold = created(as(slug, "privacy-officer").contentType("application/json")
                .body("{\"requestId\":\"" + request + "\",\"reason\":\"fixture\"}").post("/api/legal-holds"), 200);
        pathValues.put(Kind.LEGAL_HOLD, Map.of("id", hold));
        views.put(Kind.LEGAL_HOLD, "/api/legal-holds");

        pathValues.put(Kind.TENANT, Map.of("id", tenant));
        pathValues.put(Kind.PUBLIC_ENTRY, Map.of("tenant", tenant));

        String selfService = created(given().baseUri(Suite.url("gateway").toString()).contentType("application/json")
                .body("{\"type\":\"ACCESS\",\"email\":\"self-" + mark + "@example.invalid\"}")
                .post("/public/tenants/" + tenant + "/privacy-requests"), 202);
        pathValues.put(Kind.SELF_SERVICE_REQUEST, Map.of("tenant", tenant, "id", selfService));

        String header = as(slug, "privacy-officer").contentType("application/json")
                .body("{\"recipient\":{\"email\":\"" + email + "\"},\"purpose\":\"MARKETING\"}")
                .post("/api/unsubscribe-headers").then().statusCode(200).extract().path("listUnsubscribe");
        pathValues.put(Kind.UNSUBSCRIBE_TOKEN, Map.of("token", header.replaceAll("(?s).*/u/([^>/?]+).*", "$1")));
    }

    private void put(Kind kind, String view, String parameter, String value) {
        pathValues.put(kind, Map.of(parameter, value));
        views.put(kind, view);
    }

    /** The id a creation answered with: the body's id, else the last segment of its Location. */
    private static String created(Response response, int status) {
        response.then().statusCode(status);
        Object id = response.jsonPath().get("id");
        if (id != null) {
            return id.toString();
        }
        String location = response.header("Location");
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The path template filled with this tenant's object of that kind (unknown parameters get a fresh UUID). */
    String fill(String template, Kind kind) {
        Map<String, String> values = pathValues.getOrDefault(kind, Map.of());
        String path = template;
        for (String parameter : parameterNames(template)) {
            path = path.replace("{" + parameter + "}", values.getOrDefault(parameter, UUID.randomUUID().toString()));
        }
        return path;
    }

    static List<String> parameterNames(String template) {
        return java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(template).results().map(match -> match.group(1)).toList();
    }
}
