package dev.oubli.knowledge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Payment card numbers: Luhn-valid, with a brand prefix and a length that brand issues.
 *
 * <p>Two shapes are recognised:
 * <ul>
 *   <li>one unbroken run of 15 to 19 digits ({@code 4111111111111111});</li>
 *   <li>groups joined by one kind of separator, all single spaces or all single dashes, the first group of 4 digits
 *       and the others of 3 to 6 ({@code 4111 1111 1111 1111}, {@code 3782-822463-10005}), 13 to 19 digits in all.</li>
 * </ul>
 * A number touching a letter or a digit, or preceded by {@code +} (a phone number), is not a card number. A run of
 * groups longer than a card (a 22-digit parcel tracking number written in fours) is not one either; a trailing
 * 3-digit group (a security code) is dropped if the number is only valid without it.
 *
 * <p>Unbroken 13- and 14-digit numbers are left alone on purpose: EAN-13 barcodes and French SIRET numbers have that
 * shape, SIRET numbers are Luhn-valid by construction, and the 13- and 14-digit cards (old Visa, Diners) are caught
 * when written in their usual grouping.
 */
final class CardNumberDetector implements SensitiveDataDetector {

    private static final int MIN_UNBROKEN_DIGITS = 15;
    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;
    private static final int MIN_GROUP = 3;
    private static final int MAX_GROUP = 6;
    private static final int FIRST_GROUP = 4;

    /** Issuer prefix ranges (inclusive, same number of digits) and the lengths issued under them. */
    private record Brand(int prefixFrom, int prefixTo, Set<Integer> lengths) {

        boolean issued(String digits) {
            if (!lengths.contains(digits.length())) {
                return false;
            }
            int prefix = Integer.parseInt(digits.substring(0, Integer.toString(prefixFrom).length()));
            return prefix >= prefixFrom && prefix <= prefixTo;
        }
    }

    private static final Set<Integer> SIXTEEN_TO_NINETEEN = Set.of(16, 17, 18, 19);
    private static final Set<Integer> FOURTEEN_TO_NINETEEN = Set.of(14, 15, 16, 17, 18, 19);

    private static final List<Brand> BRANDS = List.of(
            new Brand(4, 4, Set.of(13, 16, 19)),                   // Visa
            new Brand(51, 55, Set.of(16)),                         // Mastercard
            new Brand(2221, 2720, Set.of(16)),                     // Mastercard 2-series
            new Brand(34, 34, Set.of(15)),                         // American Express
            new Brand(37, 37, Set.of(15)),                         // American Express
            new Brand(6011, 6011, SIXTEEN_TO_NINETEEN),            // Discover
            new Brand(644, 649, SIXTEEN_TO_NINETEEN),              // Discover
            new Brand(65, 65, SIXTEEN_TO_NINETEEN),                // Discover
            new Brand(3528, 3589, SIXTEEN_TO_NINETEEN),            // JCB
            new Brand(300, 305, FOURTEEN_TO_NINETEEN),             // Diners Club
            new Brand(36, 36, FOURTEEN_TO_NINETEEN),               // Diners Club
            new Brand(38, 38, FOURTEEN_TO_NINETEEN),               // Diners Club
            new Brand(62, 62, SIXTEEN_TO_NINETEEN));               // UnionPay

    /** A maximal run of ASCII digits: [start, end). */
    private record DigitGroup(int start, int end) {

        int size() {
            return end - start;
        }
    }

    @Override
    public List<Finding> findIn(String text) {
        List<Finding> found = new ArrayList<>();
        List<DigitGroup> chain = new ArrayList<>();
        char chainSeparator = 0;
        int i = 0;
        while (i < text.length()) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            DigitGroup group = new DigitGroup(start, i);

            if (group.size() >= MIN_UNBROKEN_DIGITS && group.size() <= MAX_DIGITS) {
                addIfCard(text, List.of(group), false, found);
            }

            boolean groupSized = group.size() >= MIN_GROUP && group.size() <= MAX_GROUP;
            char separator = separatorBefore(text, chain, group);
            if (groupSized && separator != 0 && (chain.size() == 1 || separator == chainSeparator)) {
                chainSeparator = separator;
                chain.add(group);
            } else {
                addIfGroupedCard(text, chain, found);
                chain.clear();
                if (groupSized) {
                    chain.add(group);
                }
            }
        }
        addIfGroupedCard(text, chain, found);
        return found;
    }

    /** The single space or dash joining {@code group} to the chain's last group, or 0 when they are not joined. */
    private static char separatorBefore(String text, List<DigitGroup> chain, DigitGroup group) {
        if (chain.isEmpty() || group.start() - chain.get(chain.size() - 1).end() != 1) {
            return 0;
        }
        char between = text.charAt(group.start() - 1);
        return between == ' ' || between == '-' ? between : 0;
    }

    private static void addIfGroupedCard(String text, List<DigitGroup> chain, List<Finding> found) {
        if (chain.size() < 2) {
            return;
        }
        if (addIfCard(text, chain, true, found)) {
            return;
        }
        DigitGroup last = chain.get(chain.size() - 1);
        if (chain.size() >= 3 && last.size() == 3) {
            addIfCard(text, chain.subList(0, chain.size() - 1), true, found);
        }
    }

    private static boolean addIfCard(String text, List<DigitGroup> groups, boolean grouped, List<Finding> found) {
        DigitGroup first = groups.get(0);
        DigitGroup last = groups.get(groups.size() - 1);
        if (grouped && first.size() != FIRST_GROUP) {
            return false;
        }
        if (!freeBefore(text, first.start()) || !freeAfter(text, last.end())) {
            return false;
        }
        StringBuilder digits = new StringBuilder(MAX_DIGITS + 1);
        for (DigitGroup group : groups) {
            digits.append(text, group.start(), group.end());
        }
        if (digits.length() < MIN_DIGITS || digits.length() > MAX_DIGITS || !isCardNumber(digits.toString())) {
            return false;
        }
        found.add(new Finding(SensitiveDataKind.CARD_NUMBER, first.start(), last.end()));
        return true;
    }

    static boolean isCardNumber(String digits) {
        return luhnValid(digits) && BRANDS.stream().anyMatch(brand -> brand.issued(digits));
    }

    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubled = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (doubled) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    private static boolean freeBefore(String text, int start) {
        if (start == 0) {
            return true;
        }
        char before = text.charAt(start - 1);
        return !Character.isLetterOrDigit(before) && before != '+';
    }

    private static boolean freeAfter(String text, int end) {
        return end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
