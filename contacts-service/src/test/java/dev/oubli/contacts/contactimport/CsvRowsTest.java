package dev.oubli.contacts.contactimport;

import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CsvRowsTest {

    static List<ImportRow> rows(String csv) {
        List<ImportRow> rows = new ArrayList<>();
        new CsvRows(new StringReader(csv)).forEachRemaining(rows::add);
        return rows;
    }

    @Test
    void rejectsEachBrokenRowAloneWithItsLineNumber() {
        List<ImportRow> rows = rows("""
                firstName;lastName;email
                Ada;Lovelace;ada@example.com
                "Grace";"Hopper \"\"Amazing\"\"";"multi
                line"
                Broken;"Quote;broken@example.com
                Few;Columns
                Bad;Utf\uFFFD;x@example.com
                "Unclosed;x@example.com;
                Last;Good;last@example.com""");

        assertThat(rows).extracting(ImportRow::number, ImportRow::rejection).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2L, null),
                org.assertj.core.groups.Tuple.tuple(3L, null),
                org.assertj.core.groups.Tuple.tuple(5L, "BROKEN_QUOTING"),
                org.assertj.core.groups.Tuple.tuple(6L, "WRONG_COLUMN_COUNT"),
                org.assertj.core.groups.Tuple.tuple(7L, "INVALID_UTF8"),
                org.assertj.core.groups.Tuple.tuple(8L, "BROKEN_QUOTING"),
                org.assertj.core.groups.Tuple.tuple(9L, null));
        assertThat(rows.get(1).draft().lastName()).isEqualTo("Hopper \"Amazing\"");
        assertThat(rows.get(1).draft().email()).isEqualTo("multi\nline");
        assertThat(rows.get(6).draft().email()).isEqualTo("last@example.com");
    }

    @Test
    void readsCommaSeparatedFilesWithCrlfAndAttributes() {
        List<ImportRow> rows = rows("\uFEFFEmail,First Name,attributes.tier\r\nada@example.com , Ada,gold\r\n\r\n\"b@example.com\",\"B, the second\",\r\n");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).draft().email()).isEqualTo("ada@example.com");
        assertThat(rows.get(0).draft().attributes().get("tier").asText()).isEqualTo("gold");
        assertThat(rows.get(1).number()).isEqualTo(4);
        assertThat(rows.get(1).draft().firstName()).isEqualTo("B, the second");
        assertThat(rows.get(1).draft().attributes()).isNull();
    }

    @Test
    void failsTheImportOnAnUnknownColumnWithoutNamingIt() {
        assertThatThrownBy(() -> rows("email,creditCard\nx@example.com,4111\n"))
                .isInstanceOf(ImportFailure.class)
                .hasMessageNotContaining("creditCard")
                .extracting(e -> ((ImportFailure) e).code()).isEqualTo("UNKNOWN_COLUMN");
    }

    @Test
    void anUnclosedQuoteDoesNotSwallowTheRestOfALongFile() {
        StringBuilder csv = new StringBuilder("email\n\"open\n");
        for (int i = 0; i < 100; i++) {
            csv.append("user").append(i).append("@example.com\n");
        }
        List<ImportRow> rows = rows(csv.toString());
        assertThat(rows).hasSize(101);
        assertThat(rows.get(0).rejection()).isEqualTo("BROKEN_QUOTING");
        assertThat(rows.subList(1, 101)).allMatch(row -> row.rejection() == null);
        assertThat(rows.get(100).number()).isEqualTo(102);
    }
}
