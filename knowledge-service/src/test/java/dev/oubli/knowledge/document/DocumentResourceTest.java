package dev.oubli.knowledge.document;

import dev.oubli.knowledge.DistinctWords;
import dev.oubli.tenancy.TenantSql;
import dev.oubli.tenancy.TestTokens;
import io.agroal.api.AgroalDataSource;
import io.quarkus.agroal.DataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.matchesPattern;
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

    @Test
    void refusesAPdfWhoseStreamsExpandFarBeyondItsSizeAndKeepsAnsweringOtherTenants() throws Exception {
        // 1 MB on the wire, 600 MiB once inflated: a decompression bomb.
        String bomb = pdfWithPageContent(spaces(600L << 20));
        assertThat(bomb.length()).isLessThan(4_000_000);

        assertRefusedWhileAnotherTenantIsAnswered(bomb, 413);
    }

    @Test
    void refusesAPdfOfMorePagesThanTheLimitAndKeepsAnsweringOtherTenants() throws Exception {
        String pages;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (int i = 0; i < 5_000; i++) {
                document.addPage(new PDPage());
            }
            document.save(out);
            pages = Base64.getEncoder().encodeToString(out.toByteArray());
        }

        assertRefusedWhileAnotherTenantIsAnswered(pages, 413);
    }

    @Test
    void refusesAPdfWhoseTextExceedsTheLimit() throws IOException {
        String[] lines = new String[11];
        Arrays.fill(lines, "a".repeat(100_000));
        given().auth().oauth2(editor()).contentType("application/json")
                .body(Map.of("title", "Long", "format", "PDF", "content", pdf(lines)))
                .when().post("/api/documents").then().statusCode(413).contentType("application/problem+json");
        given().auth().oauth2(viewer()).when().get("/api/documents").then().body("items", hasSize(0));
    }

    @Test
    void storesTheTextOfAPdfWithoutTheNulCharactersItsFontMapsTo() throws IOException {
        String pdf;
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            // The font's own table says the glyph of "A" is U+0000.
            font.getCOSObject().setItem(COSName.TO_UNICODE, new PDStream(document, new ByteArrayInputStream("""
                    /CIDInit /ProcSet findresource begin 12 dict begin begincmap
                    /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
                    /CMapName /Nul-UCS def /CMapType 2 def
                    1 begincodespacerange <00> <FF> endcodespacerange
                    1 beginbfchar <41> <0000> endbfchar
                    endcmap CMapName currentdict /CMap defineresource pop end end""".getBytes(StandardCharsets.US_ASCII))));
            try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                content.beginText();
                content.setFont(font, 12);
                content.newLineAtOffset(50, 700);
                content.showText("Bonjour A monde");
                content.endText();
            }
            document.save(out);
            pdf = Base64.getEncoder().encodeToString(out.toByteArray());
        }
        String text = create(Map.of("title", "Nul", "format", "PDF", "content", pdf)).extract().path("text");
        assertThat(text).contains("Bonjour").contains("monde").doesNotContain("\u0000");
    }

    @Test
    void answers400ForANulCharacterInATitleOrAText() {
        for (String body : new String[] {
                "{\"title\":\"Nul\\u0000\",\"format\":\"TEXT\",\"content\":\"x\"}",
                "{\"title\":\"Nul\",\"format\":\"TEXT\",\"content\":\"a\\u0000b\"}",
                "{\"title\":\"Nul\",\"format\":\"HTML\",\"content\":\"<p>a\\u0000b</p>\"}"}) {
            given().auth().oauth2(editor()).contentType("application/json").body(body)
                    .when().post("/api/documents").then().statusCode(400).contentType("application/problem+json");
        }
        given().auth().oauth2(viewer()).when().get("/api/documents").then().body("items", hasSize(0));
    }

    @Test
    void answers400ForATextWithMoreDistinctWordsThanSearchCanIndex() {
        given().auth().oauth2(editor()).contentType("application/json")
                .body(Map.of("title", "Lexique", "format", "TEXT", "content", DistinctWords.text(990_000)))
                .when().post("/api/documents").then().statusCode(400).contentType("application/problem+json")
                .body("detail", equalTo("A text is too long to be indexed for search."));
    }

    @Test
    void answers400ForATimeOutsideTheYearsOneTo9999() {
        for (String time : new String[] {"+200000-01-01T00:00:00Z", "-200000-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z"}) {
            given().auth().oauth2(viewer()).queryParam("from", time).when().get("/api/documents")
                    .then().statusCode(400).contentType("application/problem+json");
            given().auth().oauth2(viewer()).queryParam("to", time).when().get("/api/documents")
                    .then().statusCode(400).contentType("application/problem+json");
        }
    }

    private void assertRefusedWhileAnotherTenantIsAnswered(String pdf, int status) throws Exception {
        CompletableFuture<ExtractableResponse<Response>> upload = CompletableFuture.supplyAsync(() -> given()
                .auth().oauth2(editor()).contentType("application/json")
                .body(Map.of("title", "Lourd", "format", "PDF", "content", pdf))
                .when().post("/api/documents").then().extract());

        UUID otherTenant = UUID.randomUUID();
        String other = TestTokens.forTenant(otherTenant, "knowledge-editor");
        for (int i = 0; i < 3; i++) {
            given().auth().oauth2(other).contentType("application/json").body(Map.of("title", "Note " + i, "body", "ordinaire"))
                    .when().post("/api/notes").then().statusCode(201);
            given().auth().oauth2(other).contentType("application/json")
                    .body(Map.of("title", "Doc " + i, "format", "TEXT", "content", "ordinaire"))
                    .when().post("/api/documents").then().statusCode(201);
        }
        given().auth().oauth2(other).when().get("/api/documents").then().statusCode(200).body("items", hasSize(3));

        ExtractableResponse<Response> refused = upload.get(3, TimeUnit.MINUTES);
        assertThat(refused.statusCode()).isEqualTo(status);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        given().auth().oauth2(viewer()).when().get("/api/documents").then().body("items", hasSize(0));
    }

    private static InputStream spaces(long count) {
        return new InputStream() {
            long left = count;

            @Override
            public int read() {
                return left-- > 0 ? ' ' : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(length, left);
                Arrays.fill(buffer, offset, offset + n, (byte) ' ');
                left -= n;
                return n;
            }
        };
    }

    private static String pdfWithPageContent(InputStream content) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            document.addPage(page);
            page.setContents(new PDStream(document, content, COSName.FLATE_DECODE));
            document.save(out);
            return Base64.getEncoder().encodeToString(out.toByteArray());
        }
    }

    private io.restassured.response.ValidatableResponse create(Map<String, String> body) {
        return given().auth().oauth2(editor()).contentType("application/json").body(body)
                .when().post("/api/documents")
                .then().statusCode(201).header("Location", matchesPattern("^/api/documents/[0-9a-f-]{36}$"));
    }

    /** One page per line. */
    private static String pdf(String... lines) throws IOException {
        try (PDDocument document = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (String line : lines) {
                PDPage page = new PDPage();
                document.addPage(page);
                try (PDPageContentStream content = new PDPageContentStream(document, page)) {
                    content.beginText();
                    content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                    content.newLineAtOffset(50, 700);
                    content.showText(line);
                    content.endText();
                }
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
