package dev.oubli.privacy.contactcheck;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The answer of a pre-contact check, recorded as evidence under {@code checkId}.
 *
 * @param reason            why it was refused; null when allowed
 * @param detail            for OUTSIDE_CALLING_HOURS: NO_CALLING_ON_THIS_DAY, PUBLIC_HOLIDAY or OUTSIDE_CALLING_WINDOWS
 * @param disclosure        when allowed: the text the agent must include to say it is an AI, and its version
 * @param headers           when allowed on EMAIL: the List-Unsubscribe and List-Unsubscribe-Post header values
 */
public record ContactCheckResponse(
        UUID checkId,
        Decision decision,
        CheckReason reason,
        String detail,
        Disclosure disclosure,
        Map<String, String> headers,
        Instant checkedAt) {

    public enum Decision { ALLOWED, REFUSED }

    public record Disclosure(String text, String version) {
    }
}
