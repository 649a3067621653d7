package dev.oubli.privacy.unsubscribe;

import io.quarkus.qute.TemplateData;

import java.util.List;
import java.util.Locale;

/** The words of the unsubscribe pages, in French and English, chosen by the browser's Accept-Language. */
@TemplateData
record PageTexts(String lang, String title, String question, String confirm, String done, String doneDetail, String invalid,
                 String other, String otherName, String appName, String skip, String languageNav, String poweredBy) {

    static final PageTexts FRENCH = new PageTexts("fr",
            "Se désabonner",
            "Vous ne recevrez plus ces messages, et nous ne vous contacterons plus par ce moyen.",
            "Confirmer le désabonnement",
            "Vous êtes désabonné·e",
            "Votre choix est enregistré. Vous pouvez fermer cette page.",
            "Ce lien n’est pas valide.",
            "en", "English", "Données personnelles", "Aller au contenu", "Langue", "Demandes traitées avec Oubli.");

    static final PageTexts ENGLISH = new PageTexts("en",
            "Unsubscribe",
            "You will no longer receive these messages, and we will no longer contact you this way.",
            "Confirm unsubscribe",
            "You are unsubscribed",
            "Your choice has been recorded. You can close this page.",
            "This link is not valid.",
            "fr", "Français", "Privacy", "Skip to content", "Language", "Privacy requests handled with Oubli.");

    /**
     * As the portal chooses (web's Language): the page's {@code ?lang=} switch, else the language the portal remembered
     * in its {@code oubli_lang} cookie, else the browser's preference.
     */
    static PageTexts choose(String lang, String cookie, String acceptLanguage) {
        for (String chosen : new String[] {lang, cookie}) {
            if ("fr".equals(chosen)) {
                return FRENCH;
            }
            if ("en".equals(chosen)) {
                return ENGLISH;
            }
        }
        return forAcceptLanguage(acceptLanguage);
    }

    /** French if the browser prefers it to English, else English. */
    static PageTexts forAcceptLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            String tag = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), List.of("fr", "en"));
            return "fr".equals(tag) ? FRENCH : ENGLISH;
        } catch (IllegalArgumentException malformed) {
            return ENGLISH;
        }
    }
}
