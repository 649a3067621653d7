package dev.oubli.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.oubli.events.Contracts.JSON;
import static org.assertj.core.api.Assertions.assertThat;

class EventContractsTest {

    /** Components a payload may leave out: they belong to some request types only. */
    private static final List<String> OPTIONAL = List.of("exportPublicKey", "corrections");

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleValidatesAgainstItsSchema(EventType type) {
        assertThat(Contracts.validate(type, Contracts.sample(type))).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughItsRecordUnchanged(EventType type) throws IOException {
        ObjectNode sample = Contracts.sample(type);

        OubliEvent event = JSON.treeToValue(sample, type.recordClass());
        JsonNode written = JSON.readTree(JSON.writeValueAsBytes(event));

        assertThat(written).isEqualTo(sample);
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void payloadWithFieldsFromANewerProducerIsStillReadAndValid(EventType type) throws IOException {
        ObjectNode newer = Contracts.sample(type);
        newer.putObject("addedInVersionOnePointOne").put("flag", true);
        if (newer.get("subject") instanceof ObjectNode subject) {
            subject.putArray("futureIdentifierIndexes").add("4_yV7A2iUlbOgfabMsGfX4-2OFOixAZjCIyGCAg02JU");
        }

        assertThat(Contracts.validate(type, newer)).isEmpty();
        assertThat(JSON.treeToValue(newer, type.recordClass()))
                .isEqualTo(JSON.treeToValue(Contracts.sample(type), type.recordClass()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void recordsIgnoreUnknownFieldsEvenInAServicesOwnStrictObjectMapper(EventType type) throws IOException {
        ObjectMapper strict = new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ObjectNode newer = Contracts.sample(type);
        newer.put("addedInVersionOnePointOne", true);
        if (newer.get("subject") instanceof ObjectNode subject) {
            subject.putArray("futureIdentifierIndexes").add("4_yV7A2iUlbOgfabMsGfX4-2OFOixAZjCIyGCAg02JU");
        }

        assertThat(strict.treeToValue(newer, type.recordClass()))
                .isEqualTo(JSON.treeToValue(Contracts.sample(type), type.recordClass()));
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaDescribesEveryRecordComponentAndRequiresAllButTheOptionalKey(EventType type) {
        JsonNode schema = Contracts.schemaJson(type);
        List<String> components = Arrays.stream(type.recordClass().getRecordComponents())
                .map(RecordComponent::getName)
                .toList();
        List<String> required = new ArrayList<>();
        schema.get("required").forEach(name -> required.add(name.asText()));

        assertThat(schema.get("properties").fieldNames()).toIterable().containsExactlyInAnyOrderElementsOf(components);
        assertThat(required).containsExactlyInAnyOrderElementsOf(
                components.stream().filter(name -> !OPTIONAL.contains(name)).toList());
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void schemaEnumsListExactlyTheRecordsEnumConstants(EventType type) {
        JsonNode properties = Contracts.schemaJson(type).get("properties");
        for (RecordComponent component : type.recordClass().getRecordComponents()) {
            if (!component.getType().isEnum()) {
                continue;
            }
            List<String> inSchema = new ArrayList<>();
            properties.get(component.getName()).get("enum").forEach(value -> inSchema.add(value.asText()));
            List<String> inJava = Arrays.stream(component.getType().getEnumConstants())
                    .map(constant -> ((Enum<?>) constant).name())
                    .toList();

            assertThat(inSchema).as(component.getName()).containsExactlyElementsOf(inJava);
        }
    }

    @Test
    void everySchemaDefinesTheSubjectTheSameWay() {
        assertThat(Contracts.schemaJson(EventType.CONSENT_CHANGED).get("$defs"))
                .isEqualTo(Contracts.schemaJson(EventType.PRIVACY_REQUEST_SUBMITTED).get("$defs"));
    }

    @Test
    void schemaRejectsASampleMissingARequiredField() {
        ObjectNode sample = Contracts.sample(EventType.TASK_FAILED);
        sample.remove("reason");

        assertThat(Contracts.validate(EventType.TASK_FAILED, sample)).isNotEmpty();
    }

    @Test
    void schemaRejectsAFreeTextCountName() {
        ObjectNode sample = Contracts.sample(EventType.TASK_COMPLETED);
        ((ObjectNode) sample.get("counts")).put("Ada Lovelace's notes", 2);

        assertThat(Contracts.validate(EventType.TASK_COMPLETED, sample)).isNotEmpty();
    }

    @Test
    void schemaRejectsAnInstantThatIsNotIso8601() {
        ObjectNode sample = Contracts.sample(EventType.CONSENT_CHANGED);
        sample.put("changedAt", "15/01/2026 10:02");

        assertThat(Contracts.validate(EventType.CONSENT_CHANGED, sample)).isNotEmpty();
    }
}
