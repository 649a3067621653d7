package dev.oubli.outbox;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Remembers which events a consumer has applied, in the consumer's own transaction: a redelivered event
 * (after a crash before the offset commit, a relay retry, a watchdog re-publish) is recognised and
 * skipped, so applying an event is idempotent.
 */
@ApplicationScoped
public class Inbox {

    /** @return true the first time {@code consumer} sees {@code eventId}, false for every redelivery */
    public Uni<Boolean> firstDelivery(TenantId tenant, String consumer, UUID eventId) {
        return Panache.getSession()
                .chain(session -> session.createNativeQuery("""
                                insert into inbox_message (tenant_id, consumer, event_id) values (:tenant, :consumer, :eventId)
                                on conflict do nothing""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted == 1);
    }
}
