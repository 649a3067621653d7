package dev.oubli.contacts.contact;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * One batch of an import's valid rows, written in one statement.
 *
 * @param grantMarketing per row: whether the import's marketing consent is granted (false for a suppressed subject)
 * @param update         a row whose email already exists updates that contact (else it is skipped)
 * @param channels       channels the import's marketing consent covers; empty for none
 */
public record ContactImportBatch(UUID importId, List<ValidContact> contacts, List<Boolean> grantMarketing, boolean update,
                                 String source, LawfulBasis lawfulBasis, List<String> channels, String proofSource,
                                 OffsetDateTime proofCollectedAt, String proofTextVersion) {

    /** @param skipped rows whose email existed (skip mode) or whose contact is restricted */
    public record Result(long inserted, long updated, long skipped) {
    }
}
