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
 * Call it inside {@code TenantTransactions.inTransaction}. The row keeps the current trace context (the HTTP request's
 * or the consumed event's span), which the relay sends as {@code ce_traceparent} (docs/adr/0045).
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
        byte[] payload;
        try {
            payload = JSON.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("event " + type + " cannot be serialised", e));
        }
        return insert(tenant, topic, key, type, payload);
    }

    /**
     * A tombstone: a record of {@code key} with a null value, after the key's earlier events; compaction then removes
     * every record of the key from a compacted topic. Consumers skip it ({@link EventHandling}).
     *
     * @param type the CloudEvents type of the key's events
     * @return the event id ({@code ce_id})
     */
    public Uni<UUID> appendTombstone(TenantId tenant, String topic, String key, String type) {
        return insert(tenant, topic, key, type, null);
    }

    private Uni<UUID> insert(TenantId tenant, String topic, String key, String type, byte[] payload) {
        UUID eventId = UUID.randomUUID();
        String traceparent = EventTracing.currentTraceparent(); // the writer's trace, continued by each consumer (docs/adr/0045)
        return Panache.getSession()
                .chain(session -> {
                    var insert = session.createNativeQuery("""
                                    insert into outbox_event (tenant_id, event_id, topic, message_key, event_type, payload, occurred_at, traceparent)
                                    values (:tenant, :eventId, :topic, :key, :type, %s, :occurredAt, %s)"""
                                    .formatted(payload == null ? "null" : ":payload", traceparent == null ? "null" : ":traceparent"))
                            .setParameter("tenant", tenant.value())
                            .setParameter("eventId", eventId)
                            .setParameter("topic", topic)
                            .setParameter("key", key)
                            .setParameter("type", type)
                            .setParameter("occurredAt", OffsetDateTime.now(ZoneOffset.UTC));
                    if (traceparent != null) {
                        insert.setParameter("traceparent", traceparent);
                    }
                    return (payload == null ? insert : insert.setParameter("payload", payload)).executeUpdate();
                })
                .replaceWith(eventId);
    }
}
