package dev.oubli.contacts.contactimport;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An import job as {@code GET /api/contact-imports/{id}} shows it. The report lists row numbers (the file
 * line a row starts on; the header is line 1) and reason codes, never a row's data; at most 1,000 entries.
 */
public record ContactImportResponse(UUID id, String status, String format, String lawfulBasis, String duplicates,
                                    Progress progress, List<Issue> issues, boolean issuesTruncated, String failure,
                                    OffsetDateTime createdAt, OffsetDateTime finishedAt) {

    /**
     * @param accepted   rows that created or updated a contact
     * @param skipped    rows whose email existed (duplicates "skip") or whose contact is restricted
     * @param suppressed rows imported without the declared marketing consent: the subject is suppressed
     * @param percent    of the uploaded bytes processed
     */
    public record Progress(long rowsRead, long accepted, long created, long updated, long skipped, long rejected,
                           long suppressed, int percent) {
    }

    /** @param reason a code: INVALID_EMAIL, INVALID_PHONE, FIELD_TOO_LONG, BROKEN_QUOTING, WRONG_COLUMN_COUNT, INVALID_UTF8, SUPPRESSED_NO_MARKETING_CONSENT, ... */
    public record Issue(long row, String reason) {
    }
}
