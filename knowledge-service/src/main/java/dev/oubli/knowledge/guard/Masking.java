package dev.oubli.knowledge.guard;

/**
 * How a redacted value is masked. Every character becomes {@code *}, one for one, so the text keeps its length and
 * every finding's offsets hold in the stored text too. Kept in clear:
 * <ul>
 *   <li>card numbers, IBANs, social security numbers: their separators (spaces, dashes), so the shape stays readable;</li>
 *   <li>card numbers: the last four digits as well ({@code **** **** **** 1111}), which PCI DSS allows to display;</li>
 *   <li>secrets: only line breaks (a private key block keeps its lines, nothing else).</li>
 * </ul>
 */
final class Masking {

    static final char MASK = '*';
    private static final int CARD_DIGITS_SHOWN = 4;

    private Masking() {
    }

    static void mask(StringBuilder text, Finding finding) {
        int digitsToShow = finding.kind() == SensitiveDataKind.CARD_NUMBER ? CARD_DIGITS_SHOWN : 0;
        for (int i = finding.end() - 1; i >= finding.start(); i--) {
            char c = text.charAt(i);
            if (keptInClear(finding.kind(), c)) {
                continue;
            }
            if (digitsToShow > 0 && c >= '0' && c <= '9') {
                digitsToShow--;
                continue;
            }
            text.setCharAt(i, MASK);
        }
    }

    private static boolean keptInClear(SensitiveDataKind kind, char c) {
        if (c == '\n' || c == '\r') {
            return true;
        }
        return kind != SensitiveDataKind.SECRET && (c == ' ' || c == '-');
    }
}
