package dev.oubli.subjectindex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class BlindIndexTest {

    private static final String VALID = "eHaqV6gIJTRM9u2QLcWf6WXCEvtiozbr0323Z_xHIMw";

    @Test
    void parsesTheUnpaddedBase64urlOfThirtyTwoBytes() {
        assertThat(BlindIndex.parse(VALID).value()).isEqualTo(VALID);
        assertThat(BlindIndex.parse("x1dg36Q9RP6yuk-sphHVe7-JiJ8qSIyPq-d7R1mROt4").toString())
                .contains("x1dg36Q9RP6yuk-sphHVe7-JiJ8qSIyPq-d7R1mROt4");
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {
        "",
        VALID + "=", // padded
        "eHaqV6gIJTRM9u2QLcWf6WXCEvtiozbr0323Z_xHIM", // 42 characters
        "eHaqV6gIJTRM9u2QLcWf6WXCEvtiozbr0323Z/xHIMw", // base64, not base64url
        "eHaqV6gIJTRM9u2QLcWf6WXCEvtiozbr0323Z_xHIMx", // trailing bits set: not a canonical encoding
        "ada.lovelace.and.friends@example.com.org.uk", // 43 characters, an email by mistake
    })
    void rejectsAnythingElseWithoutRepeatingIt(String invalid) {
        assertThatThrownBy(() -> BlindIndex.parse(invalid))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Not a blind index: expected 43 base64url characters without padding");
    }
}
