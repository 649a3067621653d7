package dev.oubli.events;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static dev.oubli.events.Contracts.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A raw identifier where a blind index belongs must never validate nor be read: Kafka would keep it. */
class RawIdentifierTest {

    private static final String RAW_EMAIL = "ada@example.com";

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED"})
    void sampleWithARawEmailInsteadOfItsIndexFailsSchemaValidation(EventType type) {
        assertThat(Contracts.validate(type, withRawEmail(type))).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED"})
    void sampleWithARawEmailInsteadOfItsIndexCannotBeReadAndTheErrorDoesNotQuoteIt(EventType type) {
        ObjectNode payload = withRawEmail(type);

        assertThatThrownBy(() -> JSON.readValue(JSON.writeValueAsBytes(payload), type.recordClass()))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(error -> assertThat(fullMessage(error)).doesNotContain("ada").doesNotContain("example"));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED"})
    void rawEmailsSmuggledInAnExtraSubjectFieldFailSchemaValidation(EventType type) {
        ObjectNode payload = Contracts.sample(type);
        ((ObjectNode) payload.get("subject")).putArray("emails").add(RAW_EMAIL);

        assertThat(Contracts.validate(type, payload)).isNotEmpty();
    }

    private static ObjectNode withRawEmail(EventType type) {
        ObjectNode payload = Contracts.sample(type);
        ArrayNode emailIndexes = (ArrayNode) payload.get("subject").get("emailIndexes");
        assertThat(emailIndexes).as("the sample has an email index to replace").isNotEmpty();
        emailIndexes.set(0, RAW_EMAIL);
        return payload;
    }

    private static String fullMessage(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
