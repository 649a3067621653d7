package dev.oubli.outbox;

import dev.oubli.events.EventType;
import dev.oubli.events.TenantPurgeRequested;
import dev.oubli.events.TenantPurged;
import dev.oubli.events.Topics;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * A data owner's handling of a tenant purge request (docs/adr/0051), shared by every owner: runs the owner's purge of
 * the tenant named by the event's {@code tenantid}, then answers {@link TenantPurged} with the counts through the
 * outbox. No inbox row: deleting is idempotent, and a redelivered request answers with what it deleted then
 * (privacy-service keeps an owner's first answer). A certified request removes what the answer left (its outbox row)
 * and answers nothing.
 */
@ApplicationScoped
public class TenantPurgeOwner {

    private static final Logger LOG = Logger.getLogger(TenantPurgeOwner.class);

    private final EventHandling handling;
    private final TenantTransactions transactions;
    private final Outbox outbox;

    TenantPurgeOwner(EventHandling handling, TenantTransactions transactions, Outbox outbox) {
        this.handling = handling;
        this.transactions = transactions;
        this.outbox = outbox;
    }

    /**
     * @param owner    the owner's name in the answer ({@code contacts-service})
     * @param producer the event source's producer name ({@code contacts})
     * @param purge    deletes every row (and file) of the tenant, with counts per table or kind
     */
    public Uni<Void> handle(ConsumerRecord<String, byte[]> record, String owner, String producer,
                            Function<TenantId, Uni<Map<String, Long>>> purge) {
        return handling.apply(record, event -> {
            if (event.contract().filter(EventType.TENANT_PURGE_REQUESTED::equals).isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            TenantPurgeRequested request = event.read(TenantPurgeRequested.class);
            return purge.apply(event.tenant()).chain(counts -> {
                LOG.infof("Tenant %s purged (attempt %d%s): %d row(s)", event.tenant(), request.attempt(),
                        request.certified() ? ", certified" : "", counts.values().stream().mapToLong(Long::longValue).sum());
                if (request.certified()) {
                    return Uni.createFrom().voidItem();
                }
                return transactions.inTransaction(event.tenant(), () -> outbox.append(event.tenant(),
                        Topics.PRIVACY_TASK_RESULTS, Topics.tenantKey(event.tenant().value()),
                        EventType.TENANT_PURGED.ceType(producer), new TenantPurged(owner, counts, Instant.now())))
                        .replaceWithVoid();
            });
        });
    }
}
