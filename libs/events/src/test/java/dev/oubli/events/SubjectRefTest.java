package dev.oubli.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SubjectRefTest {

    private static final String EMAIL_INDEX = "QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc_50";
    private static final String PHONE_INDEX = "J3IjcYgg9WJyNx24zVhshCqrGts82O0QJfNHon4yUW4";

    @Test
    void acceptsBlindIndexesAndContactIds() {
        UUID contact = UUID.randomUUID();

        SubjectRef subject = new SubjectRef(List.of(contact), List.of(EMAIL_INDEX), List.of(PHONE_INDEX));

        assertThat(subject.contactIds()).containsExactly(contact);
        assertThat(subject.emailIndexes()).containsExactly(EMAIL_INDEX);
        assertThat(subject.phoneIndexes()).containsExactly(PHONE_INDEX);
    }

    @Test
    void readsAbsentListsAsEmpty() {
        SubjectRef subject = new SubjectRef(null, List.of(EMAIL_INDEX), null);

        assertThat(subject.contactIds()).isEmpty();
        assertThat(subject.phoneIndexes()).isEmpty();
    }

    @Test
    void keepsItsOwnCopyOfTheLists() {
        List<String> indexes = new ArrayList<>(List.of(EMAIL_INDEX));
        SubjectRef subject = new SubjectRef(List.of(), indexes, List.of());

        indexes.add(PHONE_INDEX);

        assertThat(subject.emailIndexes()).containsExactly(EMAIL_INDEX);
        assertThatThrownBy(() -> subject.emailIndexes().add(PHONE_INDEX)).isInstanceOf(UnsupportedOperationException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "ada@example.com",
            "+33612345678",
            "QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc_5",    // 42 characters
            "QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc_50=",  // padded
            "QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc/50",   // base64, not base64url
            ""})
    void rejectsAnythingButABlindIndexWithAMessageThatNamesOnlyThePosition(String notAnIndex) {
        assertThatThrownBy(() -> new SubjectRef(List.of(), List.of(EMAIL_INDEX), List.of(notAnIndex)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("phoneIndexes[0] is not a blind index (43 base64url characters, no padding)");
    }

    @Test
    void rejectsARawEmailAmongValidIndexesAndNamesItsPosition() {
        assertThatThrownBy(() -> new SubjectRef(List.of(), List.of(EMAIL_INDEX, "ada@example.com"), List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("emailIndexes[1]")
                .hasMessageNotContaining("ada");
    }

    @Test
    void rejectsASubjectWithNoIdentifierAtAll() {
        assertThatThrownBy(() -> new SubjectRef(List.of(), List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
