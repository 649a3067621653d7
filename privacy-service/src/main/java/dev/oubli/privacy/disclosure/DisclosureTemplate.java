package dev.oubli.privacy.disclosure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A disclosure text as a tenant writes it: literal text and placeholders of a closed set ({@code {agentName}},
 * {@code {agentRole}}, {@code {companyName}}, {@code {agentId}}, {@code {channel}}); a literal brace is doubled
 * ({@code {{}, {@code }}}). Anything else between braces is refused. The text is data: no template engine ever
 * reads it (ADR 0019).
 */
final class DisclosureTemplate {

    static final int MAXIMUM_LENGTH = 2000;

    /** The values a disclosure text may name. */
    enum Placeholder {
        AGENT_NAME("agentName"), AGENT_ROLE("agentRole"), COMPANY_NAME("companyName"), AGENT_ID("agentId"), CHANNEL("channel");

        private static final Map<String, Placeholder> BY_NAME = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(p -> p.written, Function.identity()));
        private final String written;

        Placeholder(String name) {
            this.written = name;
        }
    }

    /** The template is refused; the message names a position and a kind, never the text (it may quote anything). */
    static final class InvalidTemplate extends IllegalArgumentException {
        InvalidTemplate(String message) {
            super(message);
        }
    }

    private static final String ACCEPTED = Arrays.stream(Placeholder.values()).map(p -> "{" + p.written + "}")
            .collect(Collectors.joining(", ", "The placeholders are ", "; a literal brace is written {{ or }}."));
    private static final Pattern NAME = Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*");
    private static final Pattern NAMESPACE = Pattern.compile("^[A-Za-z_$][A-Za-z0-9_$-]*:.*", Pattern.DOTALL);

    /** Literal {@link String}s and {@link Placeholder}s, in order. */
    private final List<Object> parts;

    private DisclosureTemplate(List<Object> parts) {
        this.parts = parts;
    }

    /** @throws InvalidTemplate when the text is not literal text and placeholders of the closed set */
    static DisclosureTemplate parse(String text) {
        if (text.length() > MAXIMUM_LENGTH) {
            throw new InvalidTemplate("template is longer than " + MAXIMUM_LENGTH + " characters.");
        }
        List<Object> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            char next = i + 1 < text.length() ? text.charAt(i + 1) : 0;
            if (c == '{' && next == '{' || c == '}' && next == '}') {
                literal.append(c);
                i += 2;
            } else if (c == '}') {
                throw refused(i, "a '}' without its opening '{'");
            } else if (c == '{') {
                int close = text.indexOf('}', i + 1);
                int reopen = text.indexOf('{', i + 1);
                if (close < 0 || reopen >= 0 && reopen < close) {
                    throw refused(i, "a '{' without its closing '}'");
                }
                Placeholder placeholder = Placeholder.BY_NAME.get(text.substring(i + 1, close));
                if (placeholder == null) {
                    throw refused(i, kindOf(text.substring(i + 1, close)));
                }
                if (!literal.isEmpty()) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(placeholder);
                i = close + 1;
            } else if (Character.isISOControl(c) && c != '\n' && c != '\t') {
                throw refused(i, "a control character");
            } else if (Character.isHighSurrogate(c) && Character.isLowSurrogate(next)) {
                literal.append(c).append(next);
                i += 2;
            } else if (Character.isSurrogate(c)) {
                throw refused(i, "an unpaired surrogate");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new DisclosureTemplate(List.copyOf(parts));
    }

    /** The text with each placeholder replaced by its value (nothing when it has none); values are not read further. */
    String render(Map<Placeholder, String> values) {
        StringBuilder text = new StringBuilder(256);
        for (Object part : parts) {
            if (part instanceof Placeholder placeholder) {
                String value = values.get(placeholder);
                if (value != null) {
                    text.append(value);
                }
            } else {
                text.append((String) part);
            }
        }
        return text.toString();
    }

    private static String kindOf(String inside) {
        if (inside.isEmpty()) {
            return "an empty placeholder {}";
        }
        if (inside.startsWith("#") || inside.startsWith("/")) {
            return "a section ({#…} or {/…})";
        }
        if (inside.startsWith("!")) {
            return "a comment ({!…!})";
        }
        if (NAMESPACE.matcher(inside).matches()) {
            return "a namespace (name:…)";
        }
        return NAME.matcher(inside).matches() ? "an unknown placeholder" : "an expression (only a placeholder's bare name is allowed)";
    }

    private static InvalidTemplate refused(int index, String kind) {
        return new InvalidTemplate("template, character " + (index + 1) + ": " + kind + " is not allowed. " + ACCEPTED);
    }
}
