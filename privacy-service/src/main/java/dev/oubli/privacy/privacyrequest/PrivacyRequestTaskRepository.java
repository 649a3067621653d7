package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.UUID;

@ApplicationScoped
class PrivacyRequestTaskRepository implements PanacheRepositoryBase<PrivacyRequestTask, PrivacyRequestTask.Key> {

    /** By owner name. */
    Uni<List<PrivacyRequestTask>> ofRequest(TenantId tenant, UUID requestId) {
        return list("tenantId = ?1 and requestId = ?2 order by owner", tenant.value(), requestId);
    }
}
