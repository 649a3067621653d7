package dev.oubli.privacy.privacyrequest;

import dev.oubli.problem.ProblemException;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.UUID;

/** Where a listing page ends: the last request's receipt time and id, opaque to the caller (base64url). */
record PrivacyRequestCursor(OffsetDateTime receivedAt, UUID id) {

    static PrivacyRequestCursor of(PrivacyRequest last) {
        return new PrivacyRequestCursor(last.receivedAt, last.id);
    }

    String encoded() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString((receivedAt + "|" + id).getBytes(StandardCharsets.UTF_8));
    }

    /** @throws ProblemException (400) for a cursor this service did not make */
    static PrivacyRequestCursor decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\\|");
            return new PrivacyRequestCursor(OffsetDateTime.parse(parts[0]), UUID.fromString(parts[1]));
        } catch (RuntimeException notOurs) {
            throw ProblemException.invalidRequest("cursor is not a cursor of this listing; use the next value of a page.");
        }
    }
}
