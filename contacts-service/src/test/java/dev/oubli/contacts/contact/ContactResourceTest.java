package dev.oubli.contacts.contact;

import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

@QuarkusTest
class ContactResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();
    static final UUID CONTACT = UUID.randomUUID();
    static final UUID OTHER_TENANTS_CONTACT = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    void insertContact(UUID tenant, UUID id, String firstName) throws SQLException {
        TenantSql.execute(owner, tenant, "insert into contact (tenant_id, id, first_name) values (?, ?, ?) on conflict do nothing",
                tenant, id, firstName);
    }

    @Test
    void listsTheCallersContactsAndNoOtherTenants() throws SQLException {
        insertContact(TENANT, CONTACT, "Ada");
        insertContact(OTHER_TENANT, OTHER_TENANTS_CONTACT, "Grace");

        given().auth().oauth2(TestTokens.forTenant(TENANT, "viewer"))
                .when().get("/api/contacts")
                .then().statusCode(200)
                .body("items.id", contains(CONTACT.toString()));
    }

    @Test
    void answers401WithoutAToken() {
        given().when().get("/api/contacts").then().statusCode(401);
    }

    @Test
    void answers401ForATokenOfAnotherAudience() {
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "viewer"))
                .when().get("/api/contacts")
                .then().statusCode(401);
    }

    @Test
    void answers403ProblemForATokenWithoutTenant() {
        given().auth().oauth2(TestTokens.withoutTenant("viewer"))
                .when().get("/api/contacts")
                .then().statusCode(403)
                .contentType("application/problem+json")
                .body("type", equalTo("https://oubli.dev/problems/tenant-missing"));
    }

    @Test
    void answers403ForATenantClaimThatIsNotAUuid() {
        given().auth().oauth2(TestTokens.withTenantClaim("acme", "viewer"))
                .when().get("/api/contacts")
                .then().statusCode(403);
    }

    @Test
    void answers403ForARoleThatMayNotReadContacts() {
        given().auth().oauth2(TestTokens.forTenant(TENANT, "knowledge-editor"))
                .when().get("/api/contacts")
                .then().statusCode(403);
    }

    @Test
    void rowLevelSecurityHidesOtherTenantsRowsEvenFromAQueryWithoutTenantFilter() throws SQLException {
        insertContact(TENANT, CONTACT, "Ada");
        insertContact(OTHER_TENANT, OTHER_TENANTS_CONTACT, "Grace");
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            assertThat(count(app, "select count(*) from contact")).as("no tenant set").isZero();
            setTenant(app, TENANT);
            assertThat(count(app, "select count(*) from contact where id = '" + OTHER_TENANTS_CONTACT + "'")).isZero();
            assertThat(count(app, "select count(*) from contact where id = '" + CONTACT + "'")).isOne();
            app.rollback();
        }
    }

    private static void setTenant(Connection c, UUID tenant) throws SQLException {
        try (PreparedStatement set = c.prepareStatement("select set_config('oubli.tenant_id', ?, true)")) {
            set.setString(1, tenant.toString());
            set.execute();
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (PreparedStatement query = c.prepareStatement(sql); ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
