package dev.oubli.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;

/** The schemas and samples of src/main/resources, read the way a consumer's contract test would. */
final class Contracts {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    // Draft 2020-12 treats "format" as an annotation unless asked: assert it, as a strict consumer would.
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .formatAssertionsEnabled(true)
            .build();

    private Contracts() {
    }

    static ObjectNode sample(EventType type) {
        return (ObjectNode) read(type.sampleResource());
    }

    static JsonNode schemaJson(EventType type) {
        return read(type.schemaResource());
    }

    static Set<ValidationMessage> validate(EventType type, JsonNode payload) {
        JsonSchema schema = FACTORY.getSchema(SchemaLocation.of("classpath:" + type.schemaResource()), CONFIG);
        return schema.validate(payload);
    }

    private static JsonNode read(String resource) {
        try (InputStream in = Contracts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
