package dev.oubli.knowledge.document;

import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.sql.SQLException;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;

@QuarkusTest
class DocumentResourceTest {

    final UUID tenant = UUID.randomUUID();

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
        UUID mine = insertDocument(tenant, "Tarifs 2027");
        insertDocument(UUID.randomUUID(), "Price list");

        given().auth().oauth2(TestTokens.forTenant(tenant, "knowledge-editor"))
                .when().get("/api/documents")
                .then().statusCode(200)
                .body("items.id", contains(mine.toString()))
                .body("items.title", contains("Tarifs 2027"));
    }

    @Test
    void storesPlainTextAndMarkdownAsTheyAre() {
        String id = create(Map.of("title", "Guide", "format", "MARKDOWN", "content", "# Titre\n\n*Livraison* sous 48 h"))
                .body("format", equalTo("MARKDOWN")).body("text", equalTo("# Titre\n\n*Livraison* sous 48 h"))
                .extract().path("id");
        given().auth().oauth2(viewer()).when().get("/api/documents/" + id).then().statusCode(200)
                .body("text", containsString("*Livraison*"));
    }

    @Test
    void keepsOnlyTheTextOfAnHtmlDocument() {
        create(Map.of("title", "Page", "format", "HTML",
                "content", "<html><head><script>var secret = 1;</script></head><body><h1>Horaires</h1><p>Ouvert <b>lundi</b></p></body></html>"))
                .body("text", equalTo("Horaires Ouvert lundi"));
    }

    @Test
    void extractsTheTextOfAPdfAndGuardsIt() throws IOException {
        String pdf = pdf("Remboursement sur FR76 3000 6000 0112 3456 7890 189 merci");
        create(Map.of("title", "Courrier", "format", "PDF", "content", pdf))
                .body("format", equalTo("PDF"))
                .body("text", containsString("Remboursement sur **** **** **** **** **** **** *** merci"))
                .body("guard[0].field", equalTo("text"))
                .body("guard[0].kind", equalTo("IBAN"));
    }

    @Test
    void answers400ForAnUnreadablePdfOrAMissingField() {
        given().auth().oauth2(editor()).contentType("application/json")
                .body(Map.of("title", "Broken", "format", "PDF", "content", Base64.getEncoder().encodeToString("not a pdf".getBytes())))
                .when().post("/api/documents").then().statusCode(400).contentType("application/problem+json")
                .body("detail", not(containsString("not a pdf")));
        given().auth().oauth2(editor()).contentType("application/json").body(Map.of("title", "No format", "content", "x"))
                .when().post("/api/documents").then().statusCode(400);
        given().auth().oauth2(editor()).contentType("application/json").body(Map.of("title", "Odd", "format", "DOCX", "content", "x"))
                .when().post("/api/documents").then().statusCode(400);
    }

    @Test
    void updatesAndDeletesAndHidesThemFromOtherTenants() {
        String id = create(Map.of("title", "v1", "format", "TEXT", "content", "un")).extract().path("id");
        given().auth().oauth2(editor()).contentType("application/json").body(Map.of("title", "v2", "format", "TEXT", "content", "deux"))
                .when().put("/api/documents/" + id).then().statusCode(200).body("title", equalTo("v2")).body("text", equalTo("deux"));

        String other = TestTokens.forTenant(UUID.randomUUID(), "knowledge-editor");
        given().auth().oauth2(other).when().get("/api/documents/" + id).then().statusCode(404);
        given().auth().oauth2(other).when().delete("/api/documents/" + id).then().statusCode(404);
        given().auth().oauth2(other).contentType("application/json").body(Map.of("title", "v3", "format", "TEXT", "content", "x"))
                .when().put("/api/documents/" + id).then().statusCode(404);

        given().auth().oauth2(viewer()).when().delete("/api/documents/" + id).then().statusCode(403);
        given().auth().oauth2(editor()).when().delete("/api/documents/" + id).then().statusCode(204);
        given().auth().oauth2(viewer()).when().get("/api/documents/" + id).then().statusCode(404);
    }

    @Test
    void blocksACardNumberInATitle() {
        given().auth().oauth2(editor()).contentType("application/json")
                .body(Map.of("title", "Carte 4111-1111-1111-1111", "format", "TEXT", "content", "x"))
                .when().post("/api/documents").then().statusCode(422)
                .body("findings[0].field", equalTo("title")).body("findings[0].start", equalTo(6))
                .body(not(containsString("4111")));
        given().auth().oauth2(viewer()).when().get("/api/documents").then().body("items", hasSize(0));
    }

    @Test
    void answers401WithoutAValidToken() {
        given().when().get("/api/documents").then().statusCode(401);
        given().auth().oauth2(TestTokens.forOtherAudience(tenant, "viewer")).when().get("/api/documents").then().statusCode(401);
    }

    @Test
    void answers403WithoutTenantOrWithARoleThatMayNotReadOrWrite() {
        given().auth().oauth2(TestTokens.withoutTenant("viewer")).when().get("/api/documents").then().statusCode(403);
        given().auth().oauth2(TestTokens.forTenant(tenant, "contacts-editor")).when().get("/api/documents").then().statusCode(403);
        given().auth().oauth2(viewer()).contentType("application/json").body(Map.of("title", "t", "format", "TEXT", "content", "x"))
                .when().post("/api/documents").then().statusCode(403);
    }

    private io.restassured.response.ValidatableResponse create(Map<String, String> body) {
        return given().auth().oauth2(editor()).contentType("application/json").body(body)
                .when().post("/api/documents")
                .then().statusCode(201).header("Location", containsString("/api/documents/"));
    }

    private static String pdf(String line) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(50, 700);
                content.showText(line);
                content.endText();
            }
            document.save(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}
