package dev.oubli.privacy.audit;

import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.nullValue;

/** The audit log: hash-chained per tenant, append-only for the service, and any single tampered row is named. */
@QuarkusTest
class AuditLogTest {

    static final String EMAIL = "grace.hopper@navy.example";

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    /** A tenant with one request cancelled: five entries (received, in progress, published, cancelled...). */
    UUID tenantWithAHistory() {
        UUID tenant = UUID.randomUUID();
        String id = given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"type\":\"OBJECTION\",\"subject\":{\"emails\":[\"" + EMAIL + "\"]}}")
                .when().post("/api/privacy-requests").then().statusCode(202).extract().path("id");
        given().auth().oauth2(TestTokens.forTenant(tenant, "privacy-officer")).contentType(ContentType.JSON)
                .body("{\"reason\":\"WITHDRAWN\"}").when().post("/api/privacy-requests/" + id + "/cancellation").then().statusCode(200);
        return tenant;
    }

    @Test
    void chainsEveryEntryToThePreviousOneAndHoldsNoPersonalData() {
        UUID tenant = tenantWithAHistory();

        String body = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("REQUEST_RECEIVED", "STATUS_CHANGED", "REQUEST_PUBLISHED", "STATUS_CHANGED")))
                .body("items.seq", equalTo(List.of(1, 2, 3, 4)))
                .body("items[0].previousHash", equalTo("0".repeat(64)))
                .body("items[3].details.to", equalTo("CANCELLED"))
                .body("items[3].details.reason", equalTo("WITHDRAWN"))
                .extract().asString();
        List<String> hashes = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().extract().path("items.hash");
        List<String> previous = given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events")
                .then().extract().path("items.previousHash");
        assertThat(previous.subList(1, 4)).isEqualTo(hashes.subList(0, 3));
        assertThat(body.toLowerCase()).doesNotContain("grace", "navy");

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events/verification")
                .then().statusCode(200).body("intact", equalTo(true)).body("entries", equalTo(4)).body("firstBroken", nullValue());
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events?action=STATUS_CHANGED&after=2&limit=1")
                .then().statusCode(200).body("items.seq", equalTo(List.of(4))).body("next", nullValue());
        given().auth().oauth2(TestTokens.forTenant(UUID.randomUUID(), "viewer")).when().get("/api/audit-events")
                .then().statusCode(200).body("items", equalTo(List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "update audit_event set details = replace(details, 'WITHDRAWN', 'EXCESSIVE') where tenant_id = ? and seq = 4",
            "update audit_event set action = 'IDENTITY_VERIFIED' where tenant_id = ? and seq = 2",
            "update audit_event set occurred_at = occurred_at - interval '1 day' where tenant_id = ? and seq = 3",
            "update audit_event set request_id = gen_random_uuid() where tenant_id = ? and seq = 1",
            "update audit_event set id = gen_random_uuid() where tenant_id = ? and seq = 2",
            "update audit_event set hash = md5(hash) || md5(hash) where tenant_id = ? and seq = 3",
            "update audit_event set previous_hash = repeat('0', 64) where tenant_id = ? and seq = 2",
            "delete from audit_event where tenant_id = ? and seq = 2"})
    void namesTheFirstEntryThatATamperedRowBreaks(String tampering) throws SQLException {
        UUID tenant = tenantWithAHistory();
        int tamperedSeq = Integer.parseInt(tampering.substring(tampering.lastIndexOf('=') + 1).strip());

        TenantSql.execute(owner, tenant, tampering, tenant);

        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events/verification")
                .then().statusCode(200)
                .body("intact", equalTo(false))
                // A changed hash is seen where the next entry no longer chains to it; a deleted entry where the gap is.
                // A deleted entry is seen where the gap is.
                .body("firstBroken.seq", equalTo(tampering.startsWith("delete") ? tamperedSeq + 1 : tamperedSeq))
                .body("firstBroken.problem", equalTo(tampering.startsWith("delete") ? "SEQUENCE_GAP"
                        : tampering.contains("previous_hash") ? "CHAIN_MISMATCH" : "HASH_MISMATCH"));
    }

    @Test
    void theServiceRoleCanNeitherChangeNorRemoveAnEntry() throws SQLException {
        UUID tenant = tenantWithAHistory();
        for (String sql : List.of("update audit_event set action = 'X' where seq = 1", "delete from audit_event where seq = 1")) {
            try (Connection app = AppRole.connect()) {
                app.setAutoCommit(false);
                try (PreparedStatement set = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
                    set.setString(1, tenant.toString());
                    set.execute();
                }
                assertThatThrownBy(() -> app.prepareStatement(sql).executeUpdate()).isInstanceOf(SQLException.class)
                        .hasMessageContaining("permission denied");
                app.rollback();
            }
        }
        given().auth().oauth2(TestTokens.forTenant(tenant, "viewer")).when().get("/api/audit-events/verification")
                .then().body("intact", equalTo(true)).body("entries", greaterThanOrEqualTo(4));
    }
}
