package dev.oubli.knowledge.tenantpurge;

import dev.oubli.outbox.TenantPurgeOwner;
import dev.oubli.tenancy.TenantRows;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Set;

/**
 * knowledge-service's part of a tenant purge (docs/adr/0051): deletes every row of the tenant (documents, notes,
 * conversations and their messages, the search entries their triggers keep, subject index, retention settings and
 * runs, outbox and inbox rows) in batches, and answers with the counts ({@link TenantPurgeOwner}).
 */
@ApplicationScoped
class TenantPurgeListener {

    static final String OWNER = "knowledge-service";
    static final String PRODUCER = "knowledge";

    private final TenantRows rows;
    private final TenantPurgeOwner purges;

    TenantPurgeListener(TenantRows rows, TenantPurgeOwner purges) {
        this.rows = rows;
        this.purges = purges;
    }

    @Incoming("tenant-purges")
    Uni<Void> onTenantPurge(ConsumerRecord<String, byte[]> record) {
        return purges.handle(record, OWNER, PRODUCER, tenant -> rows.purge(tenant, Set.of()));
    }
}
