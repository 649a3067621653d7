package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Who a request or a consent change is about, as every data owner can resolve it locally: contact ids
 * and blind indexes of the person's emails and phone numbers (docs/architecture.md,
 * "Tenancy"). Never an email, a phone number or a name in clear.
 *
 * @param contactIds   ids of the contact records the subject is known by
 * @param emailIndexes blind indexes of normalised emails: 43 base64url characters, no padding
 * @param phoneIndexes blind indexes of E.164 phone numbers: 43 base64url characters, no padding
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SubjectRef(List<UUID> contactIds, List<String> emailIndexes, List<String> phoneIndexes) {

    /** HMAC-SHA256 (32 bytes) in base64url without padding. An email or a phone number never matches. */
    public static final Pattern BLIND_INDEX = Pattern.compile("^[A-Za-z0-9_-]{43}$");

    public SubjectRef {
        contactIds = contactIds == null ? List.of() : List.copyOf(contactIds);
        emailIndexes = blindIndexes("emailIndexes", emailIndexes);
        phoneIndexes = blindIndexes("phoneIndexes", phoneIndexes);
        if (contactIds.isEmpty() && emailIndexes.isEmpty() && phoneIndexes.isEmpty()) {
            throw new IllegalArgumentException("a subject needs at least one contact id or blind index");
        }
    }

    private static List<String> blindIndexes(String field, List<String> indexes) {
        List<String> copy = indexes == null ? List.of() : List.copyOf(indexes);
        for (int i = 0; i < copy.size(); i++) {
            // The message names the position, never the value: it may be the raw identifier by mistake.
            if (!BLIND_INDEX.matcher(copy.get(i)).matches()) {
                throw new IllegalArgumentException(
                        field + "[" + i + "] is not a blind index (43 base64url characters, no padding)");
            }
        }
        return copy;
    }
}
