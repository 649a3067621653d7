package dev.oubli.knowledge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * French social security numbers (NIR, "numéro de sécurité sociale") with their key: sex, year, month,
 * department (2A/2B for Corsica), commune, order number, then the key, unbroken ({@code 185057800608491}) or with
 * single spaces between every group ({@code 1 85 05 78 006 084 91}); the key may stand apart from an unbroken number.
 *
 * <p>Checks: the first digit is 1 or 2 (3, 4, 7 and 8 for the temporary numbers INSEE also issues); the month is
 * 01-12, 20, 30-42 or 50-99 (the codes INSEE uses when the month is unknown); the key is 97 minus the 13-digit number
 * modulo 97, with 2A read as 19 and 2B as 18.
 */
final class FrenchSocialSecurityNumberDetector implements SensitiveDataDetector {

    private static final Pattern NIR = Pattern.compile(
            "(?<![\\p{L}\\p{N}])([123478])( ?)([0-9]{2})\\2([0-9]{2})\\2([0-9]{2}|2[ABab])\\2([0-9]{3})\\2([0-9]{3}) ?([0-9]{2})"
                    + "(?![\\p{L}\\p{N}])");

    @Override
    public List<Finding> findIn(String text) {
        List<Finding> found = new ArrayList<>();
        Matcher nir = NIR.matcher(text);
        while (nir.find()) {
            String number = nir.group(1) + nir.group(3) + nir.group(4) + nir.group(5) + nir.group(6) + nir.group(7);
            if (plausibleMonth(Integer.parseInt(nir.group(4))) && key(number) == Integer.parseInt(nir.group(8))) {
                found.add(new Finding(SensitiveDataKind.FRENCH_SOCIAL_SECURITY_NUMBER, nir.start(), nir.end()));
            }
        }
        return found;
    }

    private static boolean plausibleMonth(int month) {
        return (month >= 1 && month <= 12) || month == 20 || (month >= 30 && month <= 42) || month >= 50;
    }

    /** The key of a 13-character NIR: 97 - (number mod 97), Corsican departments 2A and 2B read as 19 and 18. */
    static int key(String thirteenCharacters) {
        String department = thirteenCharacters.substring(5, 7).toUpperCase(Locale.ROOT);
        String numeric = switch (department) {
            case "2A" -> thirteenCharacters.substring(0, 5) + "19" + thirteenCharacters.substring(7);
            case "2B" -> thirteenCharacters.substring(0, 5) + "18" + thirteenCharacters.substring(7);
            default -> thirteenCharacters;
        };
        return (int) (97 - Long.parseLong(numeric) % 97);
    }
}
