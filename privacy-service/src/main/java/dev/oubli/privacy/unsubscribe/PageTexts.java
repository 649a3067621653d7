package dev.oubli.privacy.unsubscribe;

import io.quarkus.qute.TemplateData;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The words of the unsubscribe pages, in French and English, chosen by the browser's Accept-Language; each purpose a
 * token can carry is named in the person's words (docs/adr/0047).
 */
@TemplateData
record PageTexts(String lang, String title, String question, String confirm, String everything, String everythingDetail,
                 String done, String doneDetail, String doneEverything, String invalid,
                 String other, String otherName, String appName, String skip, String languageNav, String poweredBy,
                 Map<Purpose, String> purposes) {

    static final PageTexts FRENCH = new PageTexts("fr",
            "Se désabonner",
            "Ce message vous a été envoyé pour :",
            "Confirmer le désabonnement de ces messages",
            "Tout arrêter",
            "Plus aucun message d’aucune sorte, par aucun moyen, à cette adresse.",
            "Vous êtes désabonné·e",
            "Votre choix est enregistré. Vous pouvez fermer cette page.",
            "Nous ne vous contacterons plus à cette adresse, pour aucun motif.",
            "Ce lien n’est pas valide.",
            "en", "English", "Données personnelles", "Aller au contenu", "Langue", "Demandes traitées avec Oubli.",
            Map.of(Purpose.MARKETING, "les offres et promotions", Purpose.NEWSLETTER, "la lettre d’information",
                    Purpose.SERVICE, "les messages de service (votre compte, vos commandes)",
                    Purpose.PROFILING, "la personnalisation (profilage)"));

    static final PageTexts ENGLISH = new PageTexts("en",
            "Unsubscribe",
            "This message was sent to you for:",
            "Confirm unsubscribe from these messages",
            "Stop everything",
            "No more messages of any kind, on any channel, to this address.",
            "You are unsubscribed",
            "Your choice has been recorded. You can close this page.",
            "We will no longer contact you at this address, for any reason.",
            "This link is not valid.",
            "fr", "Français", "Privacy", "Skip to content", "Language", "Privacy requests handled with Oubli.",
            Map.of(Purpose.MARKETING, "offers and promotions", Purpose.NEWSLETTER, "the newsletter",
                    Purpose.SERVICE, "service messages (your account, your orders)",
                    Purpose.PROFILING, "personalisation (profiling)"));

    /** What the token's purpose means to the person, in this language. */
    String purposeName(Purpose purpose) {
        return purposes.get(purpose);
    }

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
