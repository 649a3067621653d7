package dev.oubli.knowledge.document;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class DocumentRepository implements PanacheRepositoryBase<Document, UUID> {

    /** Newest first. The tenant filter repeats what row-level security enforces, so the index is used. */
    Uni<List<Document>> newest(TenantId tenant, int limit) {
        return find("tenantId = ?1 order by createdAt desc, id", tenant.value()).range(0, limit - 1).list();
    }
}
