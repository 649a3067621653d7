package dev.oubli.contacts.tenantpurge;

import dev.oubli.contacts.contactimport.ContactImportService;
import dev.oubli.outbox.TenantPurgeOwner;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantRows;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * contacts-service's part of a tenant purge (docs/adr/0051): deletes every row of the tenant (contacts, consents,
 * suppressions, imports and their issues, outbox and inbox rows) in batches, and the import uploads kept for its jobs,
 * and answers with the counts ({@link TenantPurgeOwner}).
 */
@ApplicationScoped
class TenantPurgeListener {

    static final String OWNER = "contacts-service";
    static final String PRODUCER = "contacts";
    /** Files are counted beside the tables. */
    static final String IMPORT_FILES = "import-files";

    private final TenantRows rows;
    private final ContactImportService imports;
    private final TenantPurgeOwner purges;

    TenantPurgeListener(TenantRows rows, ContactImportService imports, TenantPurgeOwner purges) {
        this.rows = rows;
        this.imports = imports;
        this.purges = purges;
    }

    @Incoming("tenant-purges")
    Uni<Void> onTenantPurge(ConsumerRecord<String, byte[]> record) {
        return purges.handle(record, OWNER, PRODUCER, this::purge);
    }

    private Uni<Map<String, Long>> purge(TenantId tenant) {
        Context context = Vertx.currentContext();
        return deleteUploads(tenant, context).chain(files -> rows.purge(tenant, Set.of()).map(counts -> {
            Map<String, Long> all = new TreeMap<>(counts);
            all.put(IMPORT_FILES, files);
            return all;
        }));
    }

    /** The uploads' files, off the event loop; back on the listener's context, where Hibernate Reactive must run. */
    private Uni<Long> deleteUploads(TenantId tenant, Context context) {
        if (context == null) {
            return Uni.createFrom().item(() -> imports.purgeUploads(tenant));
        }
        return Uni.createFrom().completionStage(() -> context.executeBlocking(() -> imports.purgeUploads(tenant), false)
                .toCompletionStage());
    }
}
