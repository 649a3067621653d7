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
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED", "CONSENTS_IMPORTED"})
    void sampleWithARawEmailInsteadOfItsIndexFailsSchemaValidation(EventType type) {
        assertThat(Contracts.validate(type, withRawEmail(type))).isNotEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED", "CONSENTS_IMPORTED"})
    void sampleWithARawEmailInsteadOfItsIndexCannotBeReadAndTheErrorDoesNotQuoteIt(EventType type) {
        ObjectNode payload = withRawEmail(type);

        assertThatThrownBy(() -> JSON.readValue(JSON.writeValueAsBytes(payload), type.recordClass()))
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .satisfies(error -> assertThat(fullMessage(error)).doesNotContain("ada").doesNotContain("example"));
    }

    @ParameterizedTest
    @EnumSource(value = EventType.class, names = {"PRIVACY_REQUEST_SUBMITTED", "CONSENT_CHANGED", "CONSENTS_IMPORTED"})
    void rawEmailsSmuggledInAnExtraSubjectFieldFailSchemaValidation(EventType type) {
        ObjectNode payload = Contracts.sample(type);
        ((ObjectNode) subjectOf(payload)).putArray("emails").add(RAW_EMAIL);

        assertThat(Contracts.validate(type, payload)).isNotEmpty();
    }

    private static ObjectNode withRawEmail(EventType type) {
        ObjectNode payload = Contracts.sample(type);
        ArrayNode emailIndexes = (ArrayNode) subjectOf(payload).get("emailIndexes");
        assertThat(emailIndexes).as("the sample has an email index to replace").isNotEmpty();
        emailIndexes.set(0, RAW_EMAIL);
        return payload;
    }

    /** The event's subject, or its first row's (ConsentsImported). */
    private static com.fasterxml.jackson.databind.JsonNode subjectOf(ObjectNode payload) {
        return payload.has("subject") ? payload.get("subject") : payload.get("rows").get(0).get("subject");
    }

    private static String fullMessage(Throwable error) {
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
