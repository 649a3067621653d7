package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.time.LocalDate;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

@QuarkusTest
class PrivacyRequestResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    UUID insertRequest(UUID tenant, String type) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, "insert into privacy_request (tenant_id, id, type, status, due_on) values (?, ?, ?, 'RECEIVED', ?)",
                tenant, id, type, LocalDate.now().plusMonths(1));
        return id;
    }

    @Test
    void listsTheCallersRequestsAndNoOtherTenants() throws SQLException {
        UUID mine = insertRequest(TENANT, "ERASURE");
        insertRequest(OTHER_TENANT, "ACCESS");

        given().auth().oauth2(TestTokens.forTenant(TENANT, "privacy-officer"))
                .when().get("/api/privacy-requests")
                .then().statusCode(200)
                .body("items.id", contains(mine.toString()))
                .body("items.type", contains("ERASURE"));
    }

    @Test
    void answers401WithoutAValidToken() {
        given().when().get("/api/privacy-requests").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "privacy-officer")).when().get("/api/privacy-requests").then().statusCode(401);
    }

    @Test
    void answers403WithoutTenantOrWithARoleThatMayNotRead() {
        given().auth().oauth2(TestTokens.withoutTenant("privacy-officer")).when().get("/api/privacy-requests").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(TENANT, "agent")).when().get("/api/privacy-requests").then().statusCode(403);
    }
}
