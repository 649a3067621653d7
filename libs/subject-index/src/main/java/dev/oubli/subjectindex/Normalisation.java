package dev.oubli.subjectindex;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;

/** One spelling per identifier, so that every service computes the same blind index for it. */
final class Normalisation {

    private static final PhoneNumberUtil PHONE_NUMBERS = PhoneNumberUtil.getInstance();

    private Normalisation() {
    }

    static String email(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "blank");
        }
        String email = raw.strip().toLowerCase(Locale.ROOT);
        if (email.chars().anyMatch(Character::isWhitespace)) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "contains whitespace");
        }
        int at = email.indexOf('@');
        if (at < 0 || at != email.lastIndexOf('@')) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "must contain exactly one '@'");
        }
        if (at == 0) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "empty local part");
        }
        if (at == email.length() - 1) {
            throw new InvalidIdentifierException(IdentifierKind.EMAIL, "empty domain");
        }
        return email;
    }

    static String phone(String raw, String defaultRegion) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidIdentifierException(IdentifierKind.PHONE, "blank");
        }
        String region = defaultRegion == null ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
        PhoneNumber number;
        try {
            number = PHONE_NUMBERS.parse(raw, region);
        } catch (NumberParseException unparseable) {
            // Not chained: only the error type is known to be free of the input.
            throw new InvalidIdentifierException(IdentifierKind.PHONE, reason(unparseable.getErrorType()));
        }
        if (!PHONE_NUMBERS.isValidNumber(number)) {
            throw new InvalidIdentifierException(IdentifierKind.PHONE, "not a valid number");
        }
        return PHONE_NUMBERS.format(number, PhoneNumberFormat.E164);
    }

    private static String reason(NumberParseException.ErrorType error) {
        return switch (error) {
            case INVALID_COUNTRY_CODE -> "unknown country code, or no '+' and no usable default region";
            case NOT_A_NUMBER -> "not a phone number";
            case TOO_SHORT_AFTER_IDD, TOO_SHORT_NSN -> "too short";
            case TOO_LONG -> "too long";
        };
    }
}
