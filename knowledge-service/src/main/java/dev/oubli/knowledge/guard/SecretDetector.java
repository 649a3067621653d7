package dev.oubli.knowledge.guard;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Credentials: PEM private key blocks, the token shapes of well-known providers, and the value of a
 * {@code password=}-style assignment. Every pattern starts on a fixed prefix and repeats with bounded or possessive
 * quantifiers, so scanning stays linear in the text whatever it holds.
 */
final class SecretDetector implements SensitiveDataDetector {

    private static final Pattern PRIVATE_KEY_BEGIN = Pattern.compile("-----BEGIN (?:[A-Z0-9]++ )*PRIVATE KEY-----");
    private static final Pattern PRIVATE_KEY_END = Pattern.compile("-----END (?:[A-Z0-9]++ )*PRIVATE KEY-----");
    private static final List<String> PEM_HEADERS = List.of("Proc-Type: ", "DEK-Info: ");

    private static final List<Pattern> TOKEN_SHAPES = List.of(
            // AWS access key id (long-term AKIA, temporary ASIA)
            Pattern.compile("(?<![A-Za-z0-9])(?:AKIA|ASIA)[0-9A-Z]{16}(?![A-Za-z0-9])"),
            // GitHub personal, OAuth, user-to-server, server-to-server and refresh tokens; fine-grained tokens
            Pattern.compile("(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}+|github_pat_[A-Za-z0-9_]{22,244}+)(?![A-Za-z0-9_])"),
            // Slack bot, app, user, refresh and legacy tokens
            Pattern.compile("(?<![A-Za-z0-9_-])xox[baprs]-[A-Za-z0-9-]{10,250}+(?![A-Za-z0-9_-])"),
            // Stripe live secret and restricted keys
            Pattern.compile("(?<![A-Za-z0-9_])[sr]k_live_[A-Za-z0-9]{16,247}+(?![A-Za-z0-9_])"),
            // Google API key
            Pattern.compile("(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])"),
            // JSON Web Token: base64url header and payload (both JSON objects, hence "eyJ") and a signature
            Pattern.compile("(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{7,}+\\.eyJ[A-Za-z0-9_-]{7,}+\\.[A-Za-z0-9_-]{10,}+(?![A-Za-z0-9_-])"));

    /** {@code password=hunter2}, {@code "api_key": "…"}, {@code DB_PASSWORD: …}: group 1 is the value. */
    private static final Pattern ASSIGNMENT = Pattern.compile(
            "(?<![A-Za-z0-9])(?:password|passwd|pwd|secret|api[_-]?key|access[_-]?key|secret[_-]?key|private[_-]?key"
                    + "|access[_-]?token|auth[_-]?token)[\"']?[ \\t]*(?:=>|:=|=|:)[ \\t]*[\"']?([^\\s\"'=][^\\s\"']*+)",
            Pattern.CASE_INSENSITIVE);

    /** Values that hold no secret: already masked, or a placeholder such as {@code ${DB_PASSWORD}}. */
    private static final Pattern NOT_A_SECRET = Pattern.compile("[*•]++|\\$\\{[^}]*+}");

    @Override
    public List<Finding> findIn(String text) {
        List<Finding> found = new ArrayList<>();
        findPrivateKeys(text, found);
        for (Pattern shape : TOKEN_SHAPES) {
            Matcher token = shape.matcher(text);
            while (token.find()) {
                found.add(secret(token.start(), token.end()));
            }
        }
        Matcher assignment = ASSIGNMENT.matcher(text);
        while (assignment.find()) {
            if (!NOT_A_SECRET.matcher(assignment.group(1)).matches()) {
                found.add(secret(assignment.start(1), assignment.end(1)));
            }
        }
        found.sort((a, b) -> Integer.compare(a.start(), b.start()));
        return found;
    }

    /**
     * A private key block runs from its BEGIN line to the END line that follows it. With no END before the next BEGIN
     * (a key pasted in part), it runs over the PEM lines that follow. Markers are listed once: linear in the text.
     */
    private static void findPrivateKeys(String text, List<Finding> found) {
        List<Integer> beginStarts = new ArrayList<>();
        List<Integer> beginEnds = new ArrayList<>();
        Matcher begin = PRIVATE_KEY_BEGIN.matcher(text);
        while (begin.find()) {
            beginStarts.add(begin.start());
            beginEnds.add(begin.end());
        }
        List<Integer> endStarts = new ArrayList<>();
        List<Integer> endEnds = new ArrayList<>();
        Matcher end = PRIVATE_KEY_END.matcher(text);
        while (end.find()) {
            endStarts.add(end.start());
            endEnds.add(end.end());
        }
        int nextEnd = 0;
        int coveredUntil = 0;
        for (int b = 0; b < beginStarts.size(); b++) {
            if (beginStarts.get(b) < coveredUntil) {
                continue;
            }
            int nextBegin = b + 1 < beginStarts.size() ? beginStarts.get(b + 1) : text.length();
            while (nextEnd < endStarts.size() && endStarts.get(nextEnd) < beginEnds.get(b)) {
                nextEnd++;
            }
            boolean closed = nextEnd < endStarts.size() && endStarts.get(nextEnd) < nextBegin;
            int blockEnd = closed ? endEnds.get(nextEnd) : pemLinesEnd(text, beginEnds.get(b));
            found.add(secret(beginStarts.get(b), blockEnd));
            coveredUntil = blockEnd;
        }
    }

    /**
     * The end of the PEM lines (base64, or the headers of an encrypted key) that follow a BEGIN marker, starting with
     * the rest of the marker's own line; a blank line is allowed only after the headers. Each line is read only as
     * far as it looks like PEM, so text that follows many unfinished markers is not read again and again.
     */
    private static int pemLinesEnd(String text, int from) {
        int blockEnd = from;
        int lineStart = from;
        boolean firstLine = true;
        boolean afterHeader = false;
        while (lineStart <= text.length()) {
            int i = skipBlanks(text, lineStart);
            boolean header = PEM_HEADERS.stream().anyMatch(name -> text.startsWith(name, i));
            int contentEnd = i;
            if (header) {
                while (contentEnd < text.length() && text.charAt(contentEnd) != '\n' && text.charAt(contentEnd) != '\r') {
                    contentEnd++;
                }
            } else {
                while (contentEnd < text.length() && isBase64(text.charAt(contentEnd))) {
                    contentEnd++;
                }
            }
            int lineEnd = skipBlanks(text, contentEnd);
            if (lineEnd < text.length() && text.charAt(lineEnd) != '\n') {
                break; // something else than PEM on this line
            }
            if (contentEnd == i) { // blank line
                if (!firstLine && !afterHeader) {
                    break;
                }
                afterHeader = false;
            } else {
                afterHeader = header;
                blockEnd = contentEnd;
            }
            firstLine = false;
            lineStart = lineEnd + 1;
        }
        return blockEnd;
    }

    private static int skipBlanks(String text, int from) {
        int i = from;
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t' || text.charAt(i) == '\r')) {
            i++;
        }
        return i;
    }

    private static boolean isBase64(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/' || c == '=';
    }

    private static Finding secret(int start, int end) {
        return new Finding(SensitiveDataKind.SECRET, start, end);
    }
}
