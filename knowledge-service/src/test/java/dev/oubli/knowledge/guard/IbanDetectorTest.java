package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class IbanDetectorTest {

    private final IbanDetector detector = new IbanDetector();

    @Test
    void mod97AcceptsTheRegistryExamplesAndRejectsAChangedCharacter() {
        assertThat(List.of("FR7630006000011234567890189", "GB82WEST12345698765432", "DE89370400440532013000",
                "IT60X0542811101000000123456", "MU17BOMM0101101030300200000MUR"))
                .allSatisfy(iban -> assertThat(IbanDetector.mod97IsOne(iban)).as(iban).isTrue());
        assertThat(IbanDetector.mod97IsOne("GB82WEST12345698765433")).isFalse();
    }

    @Test
    void aGroupedIbanEndsAtItsCountrysLengthEvenWhenAWordOfFourFollows() {
        String text = "BE68 5390 0754 7034 EURO";

        assertThat(detector.findIn(text)).containsExactly(new Finding(SensitiveDataKind.IBAN, 0, 19));
    }

    @Test
    void aCountryOutsideTheTableIsAcceptedAtAnyLengthFrom15To34() {
        String text = "Mauritius: MU17BOMM0101101030300200000MUR.";

        assertThat(detector.findIn(text)).containsExactly(new Finding(SensitiveDataKind.IBAN, 11, 41));
    }

    @Test
    void lowerCaseIsNotReadAsAnIban() {
        assertThat(detector.findIn("fr7630006000011234567890189")).isEmpty();
    }
}
