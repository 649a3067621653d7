package dev.oubli.outbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.OubliEvent;
import dev.oubli.tenancy.TenantId;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.UUID;

/**
 * A CloudEvent received from Kafka: its id (what the inbox deduplicates on), its type, its tenant (taken
 * from the {@code ce_tenantid} attribute only, never from the payload) and its payload.
 */
public record IncomingEvent(UUID id, String type, TenantId tenant, byte[] payload) {

    private static final ObjectMapper JSON = EventJson.newObjectMapper();

    /** @throws UnreadableEventException when an attribute is missing or malformed (the record goes to the dead-letter topic) */
    public static IncomingEvent of(ConsumerRecord<String, byte[]> record) {
        UUID id;
        try {
            id = UUID.fromString(header(record, CloudEventHeaders.ID));
        } catch (IllegalArgumentException e) {
            throw new UnreadableEventException("ce_id is not a UUID");
        }
        TenantId tenant = TenantId.parse(header(record, CloudEventHeaders.TENANT_ID))
                .orElseThrow(() -> new UnreadableEventException("ce_tenantid is not a tenant id"));
        return new IncomingEvent(id, header(record, CloudEventHeaders.TYPE), tenant, record.value());
    }

    /** The contract this event's type names, if this version of the library knows it. */
    public Optional<EventType> contract() {
        return EventType.fromCeType(type);
    }

    public <T extends OubliEvent> T read(Class<T> contract) {
        try {
            return JSON.readValue(payload, contract);
        } catch (IOException | IllegalArgumentException e) {
            throw new UnreadableEventException("payload is not a valid " + contract.getSimpleName());
        }
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        if (header == null || header.value() == null) {
            throw new UnreadableEventException(name + " is missing");
        }
        return new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "IncomingEvent[id=" + id + ", type=" + type + ", tenant=" + tenant + "]";
    }

    /** An event that can never be applied, however often it is retried. Its message holds no payload data. */
    public static class UnreadableEventException extends RuntimeException {
        UnreadableEventException(String reason) {
            super(reason, null, false, false);
        }
    }
}
