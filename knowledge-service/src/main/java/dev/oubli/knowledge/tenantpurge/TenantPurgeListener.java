package dev.oubli.knowledge.tenantpurge;

import dev.oubli.events.EventType;
import dev.oubli.events.TenantPurgeRequested;
import dev.oubli.events.TenantPurged;
import dev.oubli.events.Topics;
import dev.oubli.outbox.EventHandling;
import dev.oubli.outbox.IncomingEvent;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantRows;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Set;

/**
 * knowledge-service's part of a tenant purge (docs/adr/0051): deletes every row of the tenant named by the event's
 * {@code tenantid} (documents, notes, conversations and their messages, the search entries their triggers keep, subject
 * index, retention settings and runs, outbox and inbox rows) in batches, then answers with the counts through the
 * outbox. No inbox row: deleting is idempotent, and a redelivered request answers with what it deleted then
 * (privacy-service keeps an owner's first answer). A certified request removes what the answer left and answers nothing.
 */
@ApplicationScoped
class TenantPurgeListener {

    static final String OWNER = "knowledge-service";
    static final String PRODUCER = "knowledge";
    private static final Logger LOG = Logger.getLogger(TenantPurgeListener.class);

    private final TenantRows rows;
    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final EventHandling handling;

    TenantPurgeListener(TenantRows rows, TenantTransactions transactions, Outbox outbox, EventHandling handling) {
        this.rows = rows;
        this.transactions = transactions;
        this.outbox = outbox;
        this.handling = handling;
    }

    @Incoming("tenant-purges")
    Uni<Void> onTenantPurge(ConsumerRecord<String, byte[]> record) {
        return handling.apply(record, this::purge);
    }

    private Uni<Void> purge(IncomingEvent event) {
        if (event.contract().filter(EventType.TENANT_PURGE_REQUESTED::equals).isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        TenantPurgeRequested request = event.read(TenantPurgeRequested.class);
        return rows.purge(event.tenant(), Set.of()).chain(counts -> {
            LOG.infof("Tenant %s purged (attempt %d%s): %d row(s)", event.tenant(), request.attempt(),
                    request.certified() ? ", certified" : "", counts.values().stream().mapToLong(Long::longValue).sum());
            if (request.certified()) {
                return Uni.createFrom().voidItem();
            }
            return transactions.inTransaction(event.tenant(), () -> outbox.append(event.tenant(), Topics.PRIVACY_TASK_RESULTS,
                    Topics.tenantKey(event.tenant().value()), EventType.TENANT_PURGED.ceType(PRODUCER),
                    new TenantPurged(OWNER, counts, Instant.now()))).replaceWithVoid();
        });
    }
}
