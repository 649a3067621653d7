package dev.oubli.knowledge.search;

import dev.oubli.tenancy.AppRole;
import dev.oubli.tenancy.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

@QuarkusTest
class SearchResourceTest {

    final UUID tenant = UUID.randomUUID();

    @Test
    void findsFrenchWordsWhateverTheirAccentsAndInflection() {
        String note = note("Contrat d'électricité", "Le client conteste sa facture du mois de mars.");
        note("Jardin", "Tondre la pelouse samedi.");

        given().auth().oauth2(viewer()).queryParam("q", "electricite").when().get("/api/search")
                .then().statusCode(200).body("hits.id", contains(note))
                .body("hits[0].kind", equalTo("NOTE")).body("hits[0].title", equalTo("Contrat d'électricité"));
        given().auth().oauth2(viewer()).queryParam("q", "factures").when().get("/api/search")
                .then().body("hits.id", contains(note))
                .body("hits[0].snippet", containsString("<mark>facture</mark>"));
        given().auth().oauth2(viewer()).queryParam("q", "ÉLECTRICITÉ").when().get("/api/search").then().body("hits.id", contains(note));
        given().auth().oauth2(viewer()).queryParam("q", "contestait").when().get("/api/search").then().body("hits.id", contains(note));
    }

    @Test
    void findsEnglishInflectionsToo() {
        String note = note("Shipping", "The parcels were delivered late twice.");
        given().auth().oauth2(viewer()).queryParam("q", "deliver parcel").when().get("/api/search")
                .then().body("hits.id", contains(note)).body("hits[0].snippet", containsString("<mark>parcels</mark>"));
    }

    @Test
    void ranksATitleMatchAndADenseMatchAboveAPassingMention() {
        String passing = note("Compte rendu", "Réunion longue sur le budget, les recrutements, les locaux, le parking, "
                + "la cantine, les congés, et pour finir un mot sur le remboursement d'un client.");
        String dense = note("Procédure", "Remboursement : vérifier la commande, puis effectuer le remboursement sous 14 jours.");
        String titled = note("Remboursements", "Les règles générales.");

        given().auth().oauth2(viewer()).queryParam("q", "remboursement").when().get("/api/search")
                .then().body("hits.id", hasSize(3)).body("hits[2].id", equalTo(passing))
                .body("hits.id", containsInAnyOrder(titled, dense, passing));
        String first = given().auth().oauth2(viewer()).queryParam("q", "remboursement").when().get("/api/search")
                .then().extract().path("hits[0].id");
        assertThat(first).isIn(titled, dense);
    }

    @Test
    void searchesDocumentsMessagesAndTranscripts() {
        String document = given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"Garantie\",\"format\":\"HTML\",\"content\":\"<p>La garantie couvre la chaudière deux ans.</p>\"}")
                .when().post("/api/documents").then().statusCode(201).extract().path("id");
        String conversation = given().auth().oauth2(editor()).contentType("application/json").body("""
                        {"agent":"tom","channel":"CALL","startedAt":"2027-01-01T00:00:00Z","participants":[{"phone":"+33612345678"}],
                         "transcript":"Le client signale une panne de chaudière.",
                         "messages":[{"direction":"INBOUND","sentAt":"2027-01-01T00:00:00Z","body":"Ma chaudiere fuit"}]}""")
                .when().post("/api/conversations").then().statusCode(201).extract().path("id");

        given().auth().oauth2(viewer()).queryParam("q", "chaudière").when().get("/api/search")
                .then().body("hits.kind", containsInAnyOrder("DOCUMENT", "TRANSCRIPT", "MESSAGE"))
                .body("hits.id", hasItem(document))
                .body("hits.conversationId", hasItem(conversation));
    }

    @Test
    void followsEveryChangeAndDeletionOfTheText() {
        String note = note("Voyage", "Escale prévue à zanzibar.");
        given().auth().oauth2(editor()).contentType("application/json").body("{\"title\":\"Voyage\",\"body\":\"Escale prévue au quetzal.\"}")
                .when().put("/api/notes/" + note).then().statusCode(200);
        given().auth().oauth2(viewer()).queryParam("q", "zanzibar").when().get("/api/search").then().body("hits", hasSize(0));
        given().auth().oauth2(viewer()).queryParam("q", "quetzal").when().get("/api/search").then().body("hits.id", contains(note));

        given().auth().oauth2(editor()).when().delete("/api/notes/" + note).then().statusCode(204);
        given().auth().oauth2(viewer()).queryParam("q", "quetzal").when().get("/api/search").then().body("hits", hasSize(0));
    }

    @Test
    void neverReturnsAnotherTenantsContent() {
        note("Tarifs", "Grille tarifaire confidentielle zanzibar.");
        UUID other = UUID.randomUUID();
        given().auth().oauth2(TestTokens.forTenant(other, "viewer")).queryParam("q", "zanzibar").when().get("/api/search")
                .then().statusCode(200).body("hits", hasSize(0));
        given().auth().oauth2(viewer()).queryParam("q", "zanzibar").when().get("/api/search").then().body("hits", hasSize(1));
    }

    @Test
    void letsTheAppRoleSeeOnlyTheEntriesMatchingItsSearch() throws SQLException {
        String invoice = note("Facture", "La facture de mars est arrivée.");
        String lawn = note("Jardin", "Tondre la pelouse samedi.");
        // RLS applies a query's own conditions after the policy's unless they are LEAKPROOF, which @@ is not: the match
        // is a condition of the policy of each partition of search_entry so that it can be answered by a GIN index
        // (docs/adr/0015, 0018). Words go through the index of search_vector; a quoted phrase, or a query with no
        // positive word, through the word pairs of search_terms (docs/adr/0017). Either way the app role sees exactly
        // the matches, and only through the partitions: their parent is the triggers' alone.
        assertThat(visibleEntries(null)).isEmpty();
        assertThat(visibleEntries("factures")).containsExactly(invoice);
        assertThat(visibleEntries("pelouse or facture")).containsExactlyInAnyOrder(invoice, lawn);
        assertThat(visibleEntries("\"facture de mars\"")).containsExactly(invoice);
        assertThat(visibleEntries("\"mars de facture\"")).isEmpty();
        assertThat(visibleEntries("-pelouse")).containsExactly(invoice);
        try (Connection app = AppRole.connect(); PreparedStatement parent = app.prepareStatement("select 1 from search_entry")) {
            assertThatThrownBy(parent::executeQuery).hasMessageContaining("permission denied");
        }
    }

    @Test
    void findsAPhraseOnlyWhereItsWordsFollowEachOther() {
        String phrase = note("Livraisons", "Le contrat de livraison est signé depuis lundi.");
        note("Inverse", "La livraison du contrat est prévue.");
        note("Apart", "Contrat signé lundi ; la livraison viendra demain.");
        String english = note("Late", "The delivery of the parcel was late.");
        note("Reversed", "The parcel delivery was late.");

        given().auth().oauth2(viewer()).queryParam("q", "\"contrat de livraison\"").when().get("/api/search")
                .then().statusCode(200).body("hits.id", contains(phrase))
                .body("hits[0].snippet", containsString("<mark>contrat</mark>"));
        given().auth().oauth2(viewer()).queryParam("q", "\"delivery of the parcel\"").when().get("/api/search")
                .then().body("hits.id", contains(english));
        // both words, apart or in the other order: every text that holds them, as before
        given().auth().oauth2(viewer()).queryParam("q", "contrat livraison").when().get("/api/search")
                .then().body("hits", hasSize(3));
        given().auth().oauth2(viewer()).queryParam("q", "\"contrat de livraison\" -signé").when().get("/api/search")
                .then().body("hits", hasSize(0));
        given().auth().oauth2(viewer()).queryParam("q", "livraison -\"contrat de livraison\"").when().get("/api/search")
                .then().body("hits", hasSize(2));
    }

    @Test
    void matchesAHyphenatedWordOnlyAsAWhole() {
        String meeting = note("Agenda", "Rendez-vous client mardi à dix heures.");
        note("Visite", "Le client vous rend visite mardi.");

        given().auth().oauth2(viewer()).queryParam("q", "rendez-vous client").when().get("/api/search")
                .then().body("hits.id", contains(meeting)).body("hits[0].snippet", containsString("<mark>"));
        given().auth().oauth2(viewer()).queryParam("q", "\"rendez-vous client\"").when().get("/api/search")
                .then().body("hits.id", contains(meeting));
    }

    @Test
    void findsAPhraseInATextTooLongForItsPairs() {
        // 700 words read twice (French and English): past the 1,000 positions up to which word pairs are indexed.
        String filler = IntStream.range(0, 700).mapToObj(i -> "mot" + i).collect(Collectors.joining(" "));
        String longNote = note("Archive", filler + " puis le contrat de livraison en fin de texte.");
        String shortNote = note("Court", "Le contrat de livraison du mois.");

        given().auth().oauth2(viewer()).queryParam("q", "\"contrat de livraison\"").when().get("/api/search")
                .then().body("hits.id", containsInAnyOrder(longNote, shortNote));
        given().auth().oauth2(viewer()).queryParam("q", "\"livraison de contrat\"").when().get("/api/search")
                .then().body("hits", hasSize(0));
        assertThat(searchTerms(longNote)).contains("* capped").doesNotContain("contrat 2 livraison");
        assertThat(searchTerms(shortNote)).contains("contrat 2 livraison", "contrat 1 de", "de 1 livraison")
                .doesNotContain("* capped");
    }

    @Test
    void derivesTheIndexConditionOfAQueryFromItsPhrases() throws SQLException {
        // phrases become their word pairs (or a capped entry); what has no phrase is left as it is
        assertThat(indexCondition("'contrat' <2> 'livraison'")).isEqualTo("'contrat 2 livraison' | '* capped'");
        assertThat(indexCondition("'rendez-vous' <-> 'rend' & 'client'"))
                .isEqualTo("( 'rendez-vous 1 rend' | '* capped' ) & 'client'");
        assertThat(indexCondition("'a' <-> 'b' <3> 'c' | 'd'")).isEqualTo("'a 1 b' & 'b 3 c' | '* capped' | 'd'");
        assertThat(indexCondition("'refund' & 'invoic'")).isEqualTo("'refund' & 'invoic'");
        assertThat(indexCondition("'pai' & !'dev'")).isEqualTo("'pai' & !'dev'");
        // beyond distance 3 or with a prefix: the words alone; weights dropped; a negated phrase drops every negation
        assertThat(indexCondition("'a' <4> 'b'")).isEqualTo("'a' & 'b'");
        assertThat(indexCondition("'a':* <-> 'b'")).isEqualTo("'a':* & 'b'");
        assertThat(indexCondition("'a':A <-> 'b'")).isEqualTo("'a 1 b' | '* capped'");
        assertThat(indexCondition("!( 'a' <-> 'b' ) & 'c' & !'d'")).isEqualTo("'c'");
        // no positive word: every entry; no word at all: nothing
        assertThat(indexCondition("!'a'")).isEqualTo("'* entry'");
        assertThat(indexCondition("")).isNull();
    }

    private String indexCondition(String query) throws SQLException {
        try (Connection app = AppRole.connect();
             PreparedStatement condition = app.prepareStatement("select cast(search_terms_query(cast(? as tsquery)) as text)")) {
            condition.setString(1, query);
            try (ResultSet row = condition.executeQuery()) {
                row.next();
                return row.getString(1);
            }
        }
    }

    /** The lexemes and pair tokens of a note's search entry, read as the app role through the policy. */
    private List<String> searchTerms(String note) {
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement settings = app.prepareStatement("""
                    select set_config('oubli.tenant_id', ?, true), set_config('oubli.search_query', 'contrat', true),
                           set_config('oubli.search_terms', 'contrat', true)""")) {
                settings.setString(1, tenant.toString());
                settings.execute();
            }
            List<String> terms = new ArrayList<>();
            try (PreparedStatement entry = app.prepareStatement(
                    "select unnest(tsvector_to_array(search_terms)) from search_entry_note where item_id = cast(? as uuid)")) {
                entry.setString(1, note);
                try (ResultSet rows = entry.executeQuery()) {
                    while (rows.next()) {
                        terms.add(rows.getString(1));
                    }
                }
            }
            app.rollback();
            return terms;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The item ids of the entries the app role sees, with the settings the service's search sets for {@code query}. */
    private List<String> visibleEntries(String query) throws SQLException {
        try (Connection app = AppRole.connect()) {
            app.setAutoCommit(false);
            try (PreparedStatement tenantSetting = app.prepareStatement("select set_config('oubli.tenant_id', ?, true)");
                 PreparedStatement querySettings = app.prepareStatement(SearchService.SET_QUERY.replace(":q", "?"))) {
                tenantSetting.setString(1, tenant.toString());
                tenantSetting.execute();
                for (int i = 1; i <= querySettings.getParameterMetaData().getParameterCount(); i++) {
                    querySettings.setString(i, query);
                }
                querySettings.execute();
            }
            List<String> ids = new ArrayList<>();
            try (PreparedStatement entries = app.prepareStatement("""
                    select item_id from search_entry_document union all select item_id from search_entry_note
                    union all select item_id from search_entry_message union all select item_id from search_entry_transcript""");
                 ResultSet rows = entries.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            app.rollback();
            return ids;
        }
    }

    @Test
    void escapesTheStoredTextOfASnippetSoThatOnlyTheMatchesAreMarked() {
        String body = "Facture jointe <script>alert(1)</script> <img src=x onerror=alert(2)> <b onmouseover=alert(3)>facture</b> "
                + "&lt;i&gt; \" ' <mark>faux</mark>";
        String id = given().auth().oauth2(editor()).contentType("application/json").body(java.util.Map.of("title", "Courriel", "body", body))
                .when().post("/api/notes").then().statusCode(201).extract().path("id");

        String snippet = given().auth().oauth2(viewer()).queryParam("q", "facture").when().get("/api/search")
                .then().statusCode(200).body("hits.id", contains(id)).extract().path("hits[0].snippet");

        assertThat(snippet).contains("<mark>Facture</mark>", "<mark>facture</mark>", "&lt;img src=x onerror=alert(2)&gt;",
                "&lt;b onmouseover=alert(3)&gt;", "&amp;lt;i&amp;gt;", "&quot;", "&#39;", "faux");
        assertThat(snippet.split("<mark>", -1)).hasSize(3);
        assertThat(snippet.replace("<mark>", "").replace("</mark>", "")).doesNotContain("<", ">");
    }

    @Test
    void aStoredTextCannotForgeAMarkWithControlCharacters() {
        StringBuilder controls = new StringBuilder();
        for (char c = 1; c < 32; c++) {
            controls.append(c).append("x");
        }
        String id = given().auth().oauth2(editor()).contentType("application/json")
                .body(java.util.Map.of("title", "Contrôle", "body", controls + " commande " + controls))
                .when().post("/api/notes").then().statusCode(201).extract().path("id");

        String snippet = given().auth().oauth2(viewer()).queryParam("q", "commande").when().get("/api/search")
                .then().statusCode(200).body("hits.id", contains(id)).extract().path("hits[0].snippet");

        assertThat(snippet.split("<mark>", -1)).hasSize(2);
        assertThat(snippet.split("</mark>", -1)).hasSize(2);
        assertThat(snippet).contains("<mark>commande</mark>");
    }

    @Test
    void answersValidationAndAccessErrors() {
        given().auth().oauth2(viewer()).when().get("/api/search").then().statusCode(400).contentType("application/problem+json");
        given().auth().oauth2(viewer()).queryParam("q", "x".repeat(201)).when().get("/api/search").then().statusCode(400);
        given().auth().oauth2(viewer()).queryParam("q", "x").queryParam("limit", 500).when().get("/api/search").then().statusCode(400);
        given().auth().oauth2(viewer()).urlEncodingEnabled(false).queryParam("q", "fac%00ture").when().get("/api/search")
                .then().statusCode(400).contentType("application/problem+json");
        given().queryParam("q", "x").when().get("/api/search").then().statusCode(401);
        given().auth().oauth2(TestTokens.forTenant(tenant, "agent")).queryParam("q", "x").when().get("/api/search").then().statusCode(403);
        given().auth().oauth2(TestTokens.withoutTenant("viewer")).queryParam("q", "x").when().get("/api/search").then().statusCode(403);
    }

    private String note(String title, String body) {
        return given().auth().oauth2(editor()).contentType("application/json")
                .body("{\"title\":\"" + title + "\",\"body\":\"" + body + "\"}")
                .when().post("/api/notes").then().statusCode(201).extract().path("id");
    }

    private String editor() {
        return TestTokens.forTenant(tenant, "knowledge-editor");
    }

    private String viewer() {
        return TestTokens.forTenant(tenant, "viewer");
    }
}
