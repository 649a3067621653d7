package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * An import granted consent to some of its rows, so the privacy service's ledger records each of them with
 * per-row proof (docs/adr/0036). One event per written batch of rows, at most {@link #MAX_ROWS} rows.
 *
 * @param importId    the import (the file) the rows come from
 * @param purpose     the purpose granted, an upper-case code (MARKETING)
 * @param channels    the channels granted to every row
 * @param collectedAt when the people gave their consent, as the importer declared it
 * @param textVersion the version of the text they agreed to, as the importer typed it: a label about the file,
 *                    never about a person (bounded, no control character)
 * @param proofSource where the consents were collected, as the importer typed it (same rule)
 * @param importedBy  who uploaded the file: the token's client id or subject, an opaque id
 * @param rows        the rows granted: the file line each starts on and who it is about
 * @param importedAt  when the batch was written
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsentsImported(
        UUID importId,
        String purpose,
        List<ContactChannel> channels,
        Instant collectedAt,
        String textVersion,
        String proofSource,
        String importedBy,
        List<ImportedConsent> rows,
        Instant importedAt) implements OubliEvent {

    public static final int MAX_ROWS = 500;
    static final Pattern LABEL = Pattern.compile("^[^\\p{Cntrl}]{1,200}$");

    public ConsentsImported {
        Objects.requireNonNull(importId, "importId");
        if (purpose == null || !ConsentChanged.PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be an upper-case code such as MARKETING");
        }
        channels = List.copyOf(Objects.requireNonNull(channels, "channels"));
        if (channels.isEmpty()) {
            throw new IllegalArgumentException("channels must name at least one channel");
        }
        Objects.requireNonNull(collectedAt, "collectedAt");
        label("textVersion", textVersion, 100);
        label("proofSource", proofSource, 200);
        label("importedBy", importedBy, 100);
        rows = List.copyOf(Objects.requireNonNull(rows, "rows"));
        if (rows.isEmpty() || rows.size() > MAX_ROWS) {
            throw new IllegalArgumentException("rows holds 1 to " + MAX_ROWS + " rows");
        }
        Objects.requireNonNull(importedAt, "importedAt");
    }

    private static void label(String field, String value, int maxLength) {
        // The message never quotes the value.
        if (value == null || value.length() > maxLength || !LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException(field + " must be 1 to " + maxLength + " characters without control characters");
        }
    }

    /** One granted row: the file line it starts on (the header is line 1) and its subject. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ImportedConsent(long row, SubjectRef subject) {

        public ImportedConsent {
            if (row < 1) {
                throw new IllegalArgumentException("row is a line number, from 1");
            }
            Objects.requireNonNull(subject, "subject");
        }
    }
}
