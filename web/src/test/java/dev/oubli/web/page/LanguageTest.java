package dev.oubli.web.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LanguageTest {

    @Test
    void theSwitchWinsOverTheRememberedChoiceWhichWinsOverTheBrowser() {
        assertThat(Language.choose("fr", "en", "en")).isEqualTo(Language.FR);
        assertThat(Language.choose(null, "fr", "en")).isEqualTo(Language.FR);
        assertThat(Language.choose(null, null, "de-DE,fr-CA;q=0.8,en;q=0.5")).isEqualTo(Language.FR);
    }

    @Test
    void fallsBackToEnglishForAnUnknownOrMalformedLanguage() {
        assertThat(Language.choose("xx", "zz", "de")).isEqualTo(Language.EN);
        assertThat(Language.choose(null, null, ";;;q=abc")).isEqualTo(Language.EN);
        assertThat(Language.choose(null, null, null)).isEqualTo(Language.EN);
    }
}
