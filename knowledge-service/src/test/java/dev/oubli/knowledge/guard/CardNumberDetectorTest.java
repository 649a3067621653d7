package dev.oubli.knowledge.guard;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class CardNumberDetectorTest {

    private final CardNumberDetector detector = new CardNumberDetector();

    @Test
    void luhnAcceptsTheBrandsTestNumbersAndRejectsAChangedDigit() {
        assertThat(List.of("4111111111111111", "5555555555554444", "378282246310005", "6011111111111117",
                "3530111333300000", "30569309025904", "6200000000000005", "2223003122003222"))
                .allSatisfy(number -> assertThat(CardNumberDetector.isCardNumber(number)).as(number).isTrue());
        assertThat(CardNumberDetector.luhnValid("4111111111111112")).isFalse();
    }

    @Test
    void aLuhnValidNumberNeedsALengthItsBrandIssues() {
        assertThat(CardNumberDetector.luhnValid("4012345678024")).isTrue();
        assertThat(CardNumberDetector.isCardNumber("37828224631000")).isFalse(); // Amex prefix, 14 digits
        assertThat(CardNumberDetector.isCardNumber("1234567812345670")).isFalse(); // no brand starts with 1
    }

    @Test
    void aFindingCoversTheDigitsAndTheirSeparatorsOnly() {
        String text = "pay with 4111-1111-1111-1111, thanks";

        assertThat(detector.findIn(text)).containsExactly(new Finding(SensitiveDataKind.CARD_NUMBER, 9, 28));
    }

    @Test
    void aTrailingSecurityCodeIsLeftOutOfTheCardNumber() {
        String text = "4111 1111 1111 1111 737";

        assertThat(detector.findIn(text)).containsExactly(new Finding(SensitiveDataKind.CARD_NUMBER, 0, 19));
    }

    @Test
    void aNumberAfterAPlusSignIsAPhoneNumber() {
        assertThat(detector.findIn("+371449635398431")).isEmpty();
        assertThat(detector.findIn(" 371449635398431")).hasSize(1);
    }

    @Test
    void unbrokenThirteenAndFourteenDigitNumbersAreLeftToBarcodesAndSiretNumbers() {
        assertThat(detector.findIn("4222222222222 and 30569309025904")).isEmpty();
        assertThat(detector.findIn("4222 2222 22222 and 3056 930902 5904")).hasSize(2);
    }
}
