package dev.oubli.knowledge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs: a country code, two check digits and the account number (BBAN), written unbroken
 * ({@code FR7630006000011234567890189}) or in groups of four joined by single spaces
 * ({@code FR76 3000 6000 0112 3456 7890 189}), in capitals as banks print them. The length must be the one
 * registered for the country (or 15 to 34 for a country not in the table below) and the ISO 7064 mod-97
 * check must give 1. An IBAN touching a letter or digit is not one.
 */
final class IbanDetector implements SensitiveDataDetector {

    private static final int FALLBACK_MIN_LENGTH = 15;
    private static final int FALLBACK_MAX_LENGTH = 34;
    private static final int GROUP = 4;

    /** IBAN lengths from the SWIFT IBAN registry, for the EEA, Switzerland, the UK and the microstates using FR/IT IBANs. */
    private static final Map<String, Integer> LENGTHS = Map.ofEntries(
            Map.entry("AT", 20), Map.entry("BE", 16), Map.entry("BG", 22), Map.entry("CH", 21),
            Map.entry("CY", 28), Map.entry("CZ", 24), Map.entry("DE", 22), Map.entry("DK", 18),
            Map.entry("EE", 20), Map.entry("ES", 24), Map.entry("FI", 18), Map.entry("FR", 27),
            Map.entry("GB", 22), Map.entry("GR", 27), Map.entry("HR", 21), Map.entry("HU", 28),
            Map.entry("IE", 22), Map.entry("IS", 26), Map.entry("IT", 27), Map.entry("LI", 21),
            Map.entry("LT", 20), Map.entry("LU", 20), Map.entry("LV", 21), Map.entry("MC", 27),
            Map.entry("MT", 31), Map.entry("NL", 18), Map.entry("NO", 15), Map.entry("PL", 28),
            Map.entry("PT", 25), Map.entry("RO", 24), Map.entry("SE", 24), Map.entry("SI", 19),
            Map.entry("SK", 24), Map.entry("SM", 27));

    private static final Pattern COUNTRY_AND_CHECK_DIGITS = Pattern.compile("(?<![\\p{L}\\p{N}])[A-Z]{2}[0-9]{2}");

    @Override
    public List<Finding> findIn(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher start = COUNTRY_AND_CHECK_DIGITS.matcher(text);
        int searchFrom = 0;
        while (searchFrom < text.length() && start.find(searchFrom)) {
            int end = ibanEnd(text, start.start());
            if (end > 0) {
                found.add(new Finding(SensitiveDataKind.IBAN, start.start(), end));
                searchFrom = end;
            } else {
                searchFrom = start.end();
            }
        }
        return found;
    }

    /** Where the IBAN starting at {@code start} ends, or -1 when none starts there. */
    private static int ibanEnd(String text, int start) {
        Integer registered = LENGTHS.get(text.substring(start, start + 2));
        int minLength = registered != null ? registered : FALLBACK_MIN_LENGTH;
        int maxLength = registered != null ? registered : FALLBACK_MAX_LENGTH;

        StringBuilder iban = new StringBuilder(FALLBACK_MAX_LENGTH).append(text, start, start + GROUP);
        int i = start + GROUP;
        if (spaceThenIbanChar(text, i)) {
            while (iban.length() < maxLength && spaceThenIbanChar(text, i)) {
                int groupStart = i + 1;
                int groupEnd = groupStart;
                while (groupEnd < text.length() && isIbanChar(text.charAt(groupEnd)) && groupEnd - groupStart < GROUP) {
                    groupEnd++;
                }
                if (iban.length() + (groupEnd - groupStart) > maxLength) {
                    break;
                }
                iban.append(text, groupStart, groupEnd);
                i = groupEnd;
                if (groupEnd - groupStart < GROUP) {
                    break; // only the last group may be short
                }
            }
        } else {
            while (i < text.length() && isIbanChar(text.charAt(i)) && iban.length() < maxLength) {
                iban.append(text.charAt(i++));
            }
        }
        boolean runsOn = i < text.length() && Character.isLetterOrDigit(text.charAt(i));
        if (runsOn || iban.length() < minLength || !mod97IsOne(iban)) {
            return -1;
        }
        return i;
    }

    /** ISO 7064 mod 97-10 over the IBAN with its first four characters moved to the end, letters as 10 to 35. */
    static boolean mod97IsOne(CharSequence iban) {
        int remainder = 0;
        for (int k = 0; k < iban.length(); k++) {
            char c = iban.charAt((k + GROUP) % iban.length());
            int value = c <= '9' ? c - '0' : c - 'A' + 10;
            remainder = (value < 10 ? remainder * 10 + value : remainder * 100 + value) % 97;
        }
        return remainder == 1;
    }

    private static boolean spaceThenIbanChar(String text, int i) {
        return i + 1 < text.length() && text.charAt(i) == ' ' && isIbanChar(text.charAt(i + 1));
    }

    private static boolean isIbanChar(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z');
    }
}
