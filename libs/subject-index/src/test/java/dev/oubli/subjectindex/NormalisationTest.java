package dev.oubli.subjectindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NormalisationTest {

    private final SubjectIndex subjectIndex =
            new SubjectIndex(MasterSecret.fromBase64("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="));

    @Test
    void trimsAndLowerCasesAnEmailAddress() {
        assertThat(SubjectIndex.normaliseEmail(" Ada@Example.COM ")).isEqualTo("ada@example.com");
    }

    @Test
    void lowerCasesTheSameWayWhateverTheDefaultLocale() {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
        try {
            // With Turkish rules, "I" would become a dotless "ı" and the index would change.
            assertThat(SubjectIndex.normaliseEmail("IRIS@EXAMPLE.COM")).isEqualTo("iris@example.com");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void formatsAPhoneNumberInE164UsingTheDefaultRegion() {
        assertThat(SubjectIndex.normalisePhone("06 12 34 56 78", "FR")).isEqualTo("+33612345678");
        assertThat(SubjectIndex.normalisePhone("+33 6 12 34 56 78", "FR")).isEqualTo("+33612345678");
        assertThat(SubjectIndex.normalisePhone("(0)6-12-34-56-78", "fr")).isEqualTo("+33612345678");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ada.example.com", "@example.com", "ada@", "ada@bob@example.com", "ada lovelace@example.com"})
    void rejectsAnInvalidEmailAddressWithoutRepeatingIt(String invalid) {
        assertThatThrownBy(() -> subjectIndex.email(UUID.randomUUID(), invalid))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Invalid email: ")
                .message()
                .doesNotContain(invalid, invalid.strip(), "ada", "example");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void rejectsABlankEmailAddress(String blank) {
        assertThatThrownBy(() -> SubjectIndex.normaliseEmail(blank))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("Invalid email: blank");
    }

    @ParameterizedTest
    @ValueSource(strings = {"06 12 34", "0912345678123456", "call me on Monday", "+999 612345678", "+33 0 00 00 00 00"})
    void rejectsAnInvalidPhoneNumberWithoutRepeatingIt(String invalid) {
        assertThatThrownBy(() -> subjectIndex.phone(UUID.randomUUID(), invalid, "FR"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Invalid phone: ")
                .message()
                .doesNotContain(invalid, invalid.replace(" ", ""), "12", "Monday");
    }

    @Test
    void rejectsANationalNumberWhenThereIsNoDefaultRegion() {
        assertThatThrownBy(() -> SubjectIndex.normalisePhone("06 12 34 56 78", null))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessageStartingWith("Invalid phone: ")
                .hasMessageNotContaining("06");
    }

    @Test
    void rejectsABlankPhoneNumber() {
        assertThatThrownBy(() -> SubjectIndex.normalisePhone(" ", "FR"))
                .isInstanceOf(InvalidIdentifierException.class)
                .hasMessage("Invalid phone: blank");
    }
}
