package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The consent ledger recorded a change, so owners update their mirrors. The proof (form version, IP,
 * user agent) stays in the privacy service.
 *
 * @param purpose    what the contact is for, an upper-case code such as MARKETING, NEWSLETTER, SERVICE or
 *                   PROFILING (open-ended: tenants may define purposes)
 * @param suppressed whether the subject is now on the suppression list and must not be contacted at all
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ConsentChanged(
        SubjectRef subject,
        ContactChannel channel,
        String purpose,
        ConsentState state,
        ConsentSource source,
        boolean suppressed,
        Instant changedAt) implements OubliEvent {

    static final Pattern PURPOSE = Pattern.compile("^[A-Z][A-Z0-9_]{0,62}$");

    public ConsentChanged {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(channel, "channel");
        if (purpose == null || !PURPOSE.matcher(purpose).matches()) {
            throw new IllegalArgumentException("purpose must be an upper-case code such as MARKETING");
        }
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(changedAt, "changedAt");
    }
}
