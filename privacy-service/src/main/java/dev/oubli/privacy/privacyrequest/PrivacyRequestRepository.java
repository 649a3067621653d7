package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class PrivacyRequestRepository implements PanacheRepositoryBase<PrivacyRequest, UUID> {

    /** Newest first. The tenant filter repeats what row-level security enforces, so the index is used. */
    Uni<List<PrivacyRequest>> newest(TenantId tenant, int limit) {
        return find("tenantId = ?1 order by receivedAt desc, id", tenant.value()).range(0, limit - 1).list();
    }
}
