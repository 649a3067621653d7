package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.contact.LawfulBasis;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * What an import declares: its format, the lawful basis of every row, what to do with an email that exists,
 * and, when it grants marketing consent (on {@code channels}), the proof of that consent and who imported it
 * ({@code importedBy}: the token's client id or subject, an opaque id).
 */
record ImportOptions(String format, LawfulBasis lawfulBasis, boolean update, String source, List<String> channels,
                     String proofSource, OffsetDateTime proofCollectedAt, String proofTextVersion, String importedBy) {

    static final String CSV = "CSV";
    static final String JSONL = "JSONL";

    ImportOptions withImporter(String importer) {
        return new ImportOptions(format, lawfulBasis, update, source, channels, proofSource, proofCollectedAt,
                proofTextVersion, importer);
    }
}
