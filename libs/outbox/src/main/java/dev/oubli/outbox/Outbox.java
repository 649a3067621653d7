package dev.oubli.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.EventJson;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Writes events to the transactional outbox, in the caller's Hibernate Reactive transaction: the event
 * commits with the business change it reports, or not at all. The relay publishes it after the commit.
 * Call it inside {@code TenantTransactions.inTransaction}.
 */
@ApplicationScoped
public class Outbox {

    private static final ObjectMapper JSON = EventJson.newObjectMapper();

    /**
     * @param topic Kafka topic
     * @param key   message key: events of one key are published in the order they were appended
     * @param type  CloudEvents type, {@code dev.oubli.<producer>.<fact>.v1}
     * @param event the event record; it must hold no personal data
     * @return the event id ({@code ce_id})
     */
    public Uni<UUID> append(TenantId tenant, String topic, String key, String type, Object event) {
        UUID eventId = UUID.randomUUID();
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event " + type + " cannot be serialised", e));
        }
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                insert into outbox_event (tenant_id, event_id, topic, message_key, event_type, payload, occurred_at)
                                values (:tenant, :eventId, :topic, :key, :type, :payload, :occurredAt)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("eventId", eventId)
                        .setParameter("topic", topic)
                        .setParameter("key", key)
                        .setParameter("type", type)
                        .setParameter("payload", payload)
                        .setParameter("occurredAt", OffsetDateTime.now(ZoneOffset.UTC))
                        .executeUpdate())
                .replaceWith(eventId);
    }
}
