package dev.oubli.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/**
 * "Données supprimées après la clôture du compte" (issue 22 item 2, docs/adr/0051): a throw-away tenant with contacts,
 * notes, a consent and a privacy request is terminated without grace; the purge fans out over the real Kafka, every
 * table of every service database, read as the superuser (row-level security does not hide anything from it), ends
 * with no row naming the tenant but its registry row, which keeps only its id, dates and a certificate that verifies;
 * the tenant's tokens are then refused at the gateway.
 */
class TenantPurgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final UUID tenant = UUID.randomUUID();
    private final String username = "purge-" + tenant.toString().substring(0, 8);
    private String keycloakUser;

    @AfterEach
    void removeTheUser() {
        if (keycloakUser != null) {
            keycloakAdmin().delete("/admin/realms/oubli/users/" + keycloakUser);
        }
    }

    @Test
    void aTerminatedTenantIsPurgedFromEveryDatabaseAndLeavesOnlyAVerifiableCertificate() throws Exception {
        String automation = Keycloak.clientToken("oubli-automation", "oubli-automation-demo-secret");
        gateway(automation).contentType(ContentType.JSON)
                .body("{\"slug\":\"" + username + "\",\"displayName\":\"Throw-away " + username + "\",\"privacyContact\":\"dpo@example.test\"}")
                .put("/api/tenants/" + tenant).then().statusCode(200);
        String staff = staffToken();

        List<String> contacts = new ArrayList<>();
        for (String person : List.of("ada", "grace")) {
            contacts.add(gateway(staff).contentType(ContentType.JSON)
                    .body("{\"firstName\":\"" + person + "\",\"email\":\"" + person + "-" + username + "@example.com\"}")
                    .post("/api/contacts").then().statusCode(201).extract().path("id"));
        }
        for (String person : List.of("ada", "grace")) {
            gateway(staff).contentType(ContentType.JSON)
                    .body("{\"title\":\"Appel\",\"body\":\"Rappeler " + person + " lundi.\",\"contactId\":\"" + contacts.get(0) + "\"}")
                    .post("/api/notes").then().statusCode(201);
        }
        gateway(staff).contentType(ContentType.JSON)
                .body("{\"subject\":{\"email\":\"ada-" + username + "@example.com\"},\"channel\":\"EMAIL\",\"purpose\":\"MARKETING\","
                        + "\"state\":\"GRANTED\",\"source\":\"FORM\",\"proof\":{\"collectedAt\":\"2026-03-01T10:00:00Z\",\"textVersion\":\"form-v3\"}}")
                .post("/api/consents").then().statusCode(201);
        String request = gateway(staff).contentType(ContentType.JSON)
                .body("{\"type\":\"OBJECTION\",\"subject\":{\"emails\":[\"grace-" + username + "@example.com\"]}}")
                .post("/api/privacy-requests").then().statusCode(202).extract().header("Location");
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500))
                .until(() -> "COMPLETED".equals(gateway(staff).get(request).then().statusCode(200).extract().path("status")));
        // The scan sees the tenant everywhere before: it can fail.
        assertThat(rowsNamingTheTenant()).containsKeys("oubli_contacts_test.public.contact", "oubli_knowledge_test.public.note",
                "oubli_privacy_test.public.privacy_request", "oubli_privacy_test.public.audit_event");

        gateway(automation).contentType(ContentType.JSON).body("{\"gracePeriodDays\": 0}")
                .post("/api/tenants/" + tenant + "/termination").then().statusCode(200).body("status", equalTo("TERMINATING"));

        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofSeconds(1))
                .until(() -> gateway(automation).get("/api/tenants/" + tenant + "/purge-certificate").statusCode() == 200);
        // The Keycloak user is the identity provider's, not an Oubli owner's: removed before the scan of every database.
        removeTheUser();
        keycloakUser = null;
        // The last outbox rows (the owners' answers, the certified request) go once published: within seconds.
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(rowsNamingTheTenant()).containsOnlyKeys("oubli_privacy_test.public.tenant"));
        assertThat(Platform.psql("oubli_privacy_test", "select status, coalesce(slug, '-'), coalesce(display_name, '-'), "
                + "coalesce(privacy_contact, '-') from tenant where tenant_id = '" + tenant + "'").strip())
                .isEqualTo("PURGED|-|-|-");

        Map<String, String> certificate = gateway(automation).get("/api/tenants/" + tenant + "/purge-certificate")
                .then().statusCode(200).extract().as(Map.class);
        given().baseUri(Suite.url("gateway").toString()).contentType(ContentType.JSON).body(certificate)
                .post("/public/erasure-certificates/verification").then().statusCode(200).body("valid", equalTo(true));
        JsonNode document = JSON.readTree(certificate.get("document"));
        assertThat(document.path("tenantId").asText()).isEqualTo(tenant.toString());
        assertThat(document.path("owners").path("contacts-service").path("contact").asLong()).isEqualTo(2);
        assertThat(document.path("owners").path("knowledge-service").path("note").asLong()).isEqualTo(2);
        assertThat(document.path("owners").path("privacy-service").path("privacy_request").asLong()).isEqualTo(1);
        assertThat(document.path("owners").path("privacy-service").path("consent_change").asLong()).isPositive();

        // A token of the purged tenant is refused at the edge (ADR 0058), and there is no public page.
        for (String path : List.of("/api/contacts/" + contacts.get(0), request, "/api/contacts")) {
            gateway(staff).get(path).then().statusCode(403).contentType("application/problem+json")
                    .body("type", equalTo("https://oubli.dev/problems/tenant-not-served"));
        }
        given().baseUri(Suite.url("gateway").toString()).get("/public/tenants/" + tenant).then().statusCode(404);
    }

    /** Per table of every service database ({@code db.schema.table}), the rows whose text holds the tenant id; none listed when zero. */
    private Map<String, Long> rowsNamingTheTenant() throws Exception {
        Map<String, Long> found = new java.util.TreeMap<>();
        for (String database : List.of("oubli_contacts_test", "oubli_knowledge_test", "oubli_privacy_test")) {
            String scan = Platform.psql(database, "select string_agg(format('select %L, count(*) from %I.%I x where x::text like %L', "
                    + "current_database() || '.' || table_schema || '.' || table_name, table_schema, table_name, '%" + tenant + "%'), "
                    + "' union all ') from information_schema.tables "
                    + "where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')").strip();
            for (String line : Platform.psql(database, "select * from (" + scan + ") counted (name, n) where n > 0").split("\n")) {
                if (!line.isBlank()) {
                    String[] cells = line.split("\\|");
                    found.put(cells[0], Long.parseLong(cells[1]));
                }
            }
        }
        return found;
    }

    /** A staff user of the throw-away tenant in Keycloak (its tenant_id attribute), and its token. */
    private String staffToken() {
        RequestSpecification admin = keycloakAdmin();
        admin.contentType(ContentType.JSON).body(Map.of("username", username, "enabled", true, "email", username + "@example.test",
                        "emailVerified", true, "firstName", "Purge", "lastName", "Test", "attributes", Map.of("tenant_id", List.of(tenant.toString())),
                        "credentials", List.of(Map.of("type", "password", "value", Keycloak.DEMO_PASSWORD, "temporary", false))))
                .post("/admin/realms/oubli/users").then().statusCode(201);
        keycloakUser = keycloakAdmin().queryParam("username", username).queryParam("exact", true)
                .get("/admin/realms/oubli/users").then().statusCode(200).extract().path("[0].id");
        List<Object> roles = new ArrayList<>();
        for (String role : List.of("contacts-editor", "knowledge-editor", "privacy-officer")) {
            roles.add(keycloakAdmin().get("/admin/realms/oubli/roles/" + role).then().statusCode(200).extract().as(Map.class));
        }
        keycloakAdmin().contentType(ContentType.JSON).body(roles)
                .post("/admin/realms/oubli/users/" + keycloakUser + "/role-mappings/realm").then().statusCode(204);
        return Keycloak.userToken(username);
    }

    private static RequestSpecification keycloakAdmin() {
        return given().baseUri(Suite.keycloak().toString()).auth().oauth2(Keycloak.tokenOfAnotherIssuer());
    }

    private static RequestSpecification gateway(String token) {
        return given().baseUri(Suite.url("gateway").toString()).auth().oauth2(token);
    }
}
