package dev.oubli.web.page;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MessagesTest {

    @Test
    void everyTextExistsInBothLanguagesAndIsNotBlank() {
        Messages messages = new Messages();
        assertThat(messages.of(Language.FR).keySet()).isEqualTo(messages.of(Language.EN).keySet());
        assertThat(messages.of(Language.FR).values()).allSatisfy(text -> assertThat(text).isNotBlank());
        assertThat(messages.of(Language.EN).values()).allSatisfy(text -> assertThat(text).isNotBlank());
    }
}
