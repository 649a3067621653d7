package dev.oubli.knowledge.paging;

import dev.oubli.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.UUID;

/**
 * Where a listing ordered newest first stopped: the sort time and id of the last item returned. Opaque to callers
 * (base64url); the next page starts strictly after it, so rows written meanwhile never shift a page.
 */
public record Cursor(OffsetDateTime at, UUID id) {

    public String encode() {
        String text = at.toInstant().toString() + "|" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException 400 when the text is not a cursor this service gave out */
    public static Cursor decode(String text) {
        Cursor cursor;
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.UTF_8).split("\\|", 2);
            cursor = new Cursor(OffsetDateTime.ofInstant(Instant.parse(parts[0]), ZoneOffset.UTC), UUID.fromString(parts[1]));
        } catch (RuntimeException notACursor) {
            cursor = null;
        }
        if (cursor == null || !PageRequest.withinYears(cursor.at())) {
            throw ProblemException.invalidRequest("cursor is not a cursor returned by this listing.");
        }
        return cursor;
    }
}
