package dev.oubli.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.JsonNodeDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.type.LogicalType;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoField;
import java.time.temporal.Temporal;
import java.util.Iterator;
import java.util.Map;

/**
 * The JSON every service reads (request bodies, and whatever else goes through Quarkus's ObjectMapper) is held to
 * what the API says: no NUL character in any text (PostgreSQL refuses it, so it used to surface as a 500), no
 * silent coercion between text, numbers and booleans ({@code {"firstName":5}} is refused, not stored as "5"), dates
 * within years 1 to 9999, and bounded nesting, text and number lengths. A refusal is a mapping error at the field's
 * path, which {@link ProblemExceptionMapper} answers as a 400 problem.
 */
@Singleton
class InputDefence implements ObjectMapperCustomizer {

    static final int MAX_NESTING_DEPTH = 64;
    /**
     * Characters of one JSON string: as large as Quarkus's default body (10 MiB), because a document's PDF travels
     * base64-encoded in one field; each endpoint bounds its own fields far below.
     */
    static final int MAX_STRING_LENGTH = 10 << 20;
    static final int MAX_NUMBER_LENGTH = 100;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .build());

        // Text only from JSON strings; numbers and booleans only from their own JSON types.
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        mapper.configure(DeserializationFeature.ACCEPT_FLOAT_AS_INT, false);
        mapper.configure(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS, true);
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);

        SimpleModule module = new SimpleModule("oubli-input-defence");
        module.addDeserializer(String.class, new NulFreeStringDeserializer());
        module.addKeyDeserializer(String.class, new NulFreeKeyDeserializer());
        // Free-form JSON (JsonNode bodies and fields) is checked as a whole once parsed.
        module.addDeserializer(JsonNode.class, nulFreeTree(JsonNode.class));
        module.addDeserializer(ObjectNode.class, nulFreeTree(ObjectNode.class));
        module.addDeserializer(ArrayNode.class, nulFreeTree(ArrayNode.class));
        module.setDeserializerModifier(new DateRange());
        mapper.registerModule(module);
    }

    /** The mapping error for a NUL character; its path is the field's. */
    static final class NulCharacterException extends MismatchedInputException {

        NulCharacterException(JsonParser parser) {
            super(parser, "A text contains a NUL character.", String.class);
        }
    }

    /** The mapping error for a date outside years 1 to 9999. */
    static final class DateOutOfRangeException extends MismatchedInputException {

        DateOutOfRangeException(JsonParser parser, Class<?> type) {
            super(parser, "A date is outside years 1 to 9999.", type);
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends JsonNode> JsonDeserializer<T> nulFreeTree(Class<T> type) {
        JsonDeserializer<?> checked = new Checked(JsonNodeDeserializer.getDeserializer(type), Checked::refuseNulInTree);
        return (JsonDeserializer<T>) checked;
    }

    static boolean hasNul(String text) {
        return text != null && text.indexOf('\0') >= 0;
    }

    private static final class NulFreeStringDeserializer extends StringDeserializer {

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String text = super.deserialize(parser, context);
            if (hasNul(text)) {
                throw new NulCharacterException(parser);
            }
            return text;
        }
    }

    private static final class NulFreeKeyDeserializer extends KeyDeserializer {

        @Override
        public Object deserializeKey(String key, DeserializationContext context) throws IOException {
            if (hasNul(key)) {
                throw new NulCharacterException(context.getParser());
            }
            return key;
        }
    }

    /** Dates (java.time) are checked once parsed by their own deserializers. */
    private static final class DateRange extends BeanDeserializerModifier {

        @Override
        public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                      JsonDeserializer<?> deserializer) {
            if (Temporal.class.isAssignableFrom(description.getBeanClass())) {
                return new Checked(deserializer, Checked::refuseYearOutOfRange);
            }
            return deserializer;
        }
    }

    private static final class Checked extends DelegatingDeserializer {

        interface Check {
            void accept(Object value, JsonParser parser) throws JsonMappingException;
        }

        private final Check check;

        Checked(JsonDeserializer<?> delegate, Check check) {
            super(delegate);
            this.check = check;
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> newDelegatee) {
            return new Checked(newDelegatee, check);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            Object value = super.deserialize(parser, context);
            check.accept(value, parser);
            return value;
        }

        static void refuseYearOutOfRange(Object value, JsonParser parser) throws JsonMappingException {
            if (!(value instanceof Temporal temporal)) {
                return;
            }
            long year;
            try {
                year = temporal instanceof Instant instant
                        ? instant.atOffset(ZoneOffset.UTC).getYear()
                        : temporal.isSupported(ChronoField.YEAR) ? temporal.getLong(ChronoField.YEAR) : 1;
            } catch (DateTimeException e) {
                year = 0;
            }
            if (year < 1 || year > 9999) {
                throw new DateOutOfRangeException(parser, value.getClass());
            }
        }

        static void refuseNulInTree(Object value, JsonParser parser) throws JsonMappingException {
            if (value instanceof JsonNode node) {
                refuseNul(node, parser);
            }
        }

        private static void refuseNul(JsonNode node, JsonParser parser) throws JsonMappingException {
            if (node.isTextual() && hasNul(node.textValue())) {
                throw new NulCharacterException(parser);
            }
            if (node.isArray()) {
                for (int i = 0; i < node.size(); i++) {
                    try {
                        refuseNul(node.get(i), parser);
                    } catch (JsonMappingException e) {
                        e.prependPath(node, i);
                        throw e;
                    }
                }
            } else if (node.isObject()) {
                for (Iterator<Map.Entry<String, JsonNode>> fields = node.fields(); fields.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = fields.next();
                    if (hasNul(field.getKey())) {
                        throw new NulCharacterException(parser);
                    }
                    try {
                        refuseNul(field.getValue(), parser);
                    } catch (JsonMappingException e) {
                        e.prependPath(node, field.getKey());
                        throw e;
                    }
                }
            }
        }
    }
}
