package dev.oubli.knowledge.document;

import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;

@QuarkusTest
class DocumentResourceTest {

    static final UUID TENANT = UUID.randomUUID();
    static final UUID OTHER_TENANT = UUID.randomUUID();

    @Inject
    @DataSource("migration")
    AgroalDataSource owner;

    UUID insertDocument(UUID tenant, String title) throws SQLException {
        UUID id = UUID.randomUUID();
        TenantSql.execute(owner, tenant, "insert into document (tenant_id, id, title, body) values (?, ?, ?, '')", tenant, id, title);
        return id;
    }

    @Test
    void listsTheCallersDocumentsAndNoOtherTenants() throws SQLException {
        UUID mine = insertDocument(TENANT, "Tarifs 2027");
        insertDocument(OTHER_TENANT, "Price list");

        given().auth().oauth2(TestTokens.forTenant(TENANT, "knowledge-editor"))
                .when().get("/api/documents")
                .then().statusCode(200)
                .body("items.id", contains(mine.toString()))
                .body("items.title", contains("Tarifs 2027"));
    }

    @Test
    void answers401WithoutAValidToken() {
        given().when().get("/api/documents").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(TENANT, "viewer")).when().get("/api/documents").then().statusCode(401);
    }

    @Test
    void answers403WithoutTenantOrWithARoleThatMayNotRead() {
        given().auth().oauth2(TestTokens.withoutTenant("viewer")).when().get("/api/documents").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(TENANT, "contacts-editor")).when().get("/api/documents").then().statusCode(403);
    }
}
