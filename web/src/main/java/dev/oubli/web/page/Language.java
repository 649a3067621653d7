package dev.oubli.web.page;

import java.util.Locale;

/** The two languages of the pages. */
public enum Language {
    EN, FR;

    public static final String COOKIE = "oubli_lang";

    /** The switch ({@code ?lang=}), else the remembered choice (cookie), else the browser's first supported language. */
    public static Language choose(String switchParam, String cookie, String acceptLanguage) {
        Language chosen = parse(switchParam);
        if (chosen == null) {
            chosen = parse(cookie);
        }
        if (chosen == null && acceptLanguage != null) {
            for (Locale.LanguageRange range : ranges(acceptLanguage)) {
                chosen = parse(range.getRange().split("-")[0]);
                if (chosen != null) {
                    break;
                }
            }
        }
        return chosen == null ? EN : chosen;
    }

    public static Language parse(String code) {
        if (code == null) {
            return null;
        }
        return switch (code.trim().toLowerCase(Locale.ROOT)) {
            case "fr" -> FR;
            case "en" -> EN;
            default -> null;
        };
    }

    private static java.util.List<Locale.LanguageRange> ranges(String header) {
        try {
            return Locale.LanguageRange.parse(header.length() > 200 ? header.substring(0, 200) : header);
        } catch (IllegalArgumentException malformed) {
            return java.util.List.of();
        }
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public Language other() {
        return this == EN ? FR : EN;
    }
}
