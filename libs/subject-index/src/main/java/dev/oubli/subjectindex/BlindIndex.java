package dev.oubli.subjectindex;

import java.util.regex.Pattern;

/**
 * The blind index of one identifier in one tenant: HMAC-SHA256 in unpadded base64url, always 43
 * characters. It identifies nobody without the tenant's key, so it may travel on Kafka and be printed.
 */
public record BlindIndex(String value) {

    // 32 bytes = 42 characters of 6 bits + one of 4 bits, whose two low bits are therefore zero.
    private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]");

    /** @throws IllegalArgumentException if the value is not a blind index; the message never repeats it */
    public BlindIndex {
        if (value == null || !FORMAT.matcher(value).matches()) {
            // The value may be anything, an email passed by mistake included: not echoed.
            throw new IllegalArgumentException(
                    "Not a blind index: expected 43 base64url characters without padding");
        }
    }

    /** Reads a blind index received from another service, for example from an event. */
    public static BlindIndex parse(String value) {
        return new BlindIndex(value);
    }
}
