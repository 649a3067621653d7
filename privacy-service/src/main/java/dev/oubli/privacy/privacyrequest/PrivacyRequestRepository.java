package dev.oubli.privacy.privacyrequest;

import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.util.List;
import java.util.UUID;

/** The tenant filters repeat what row-level security enforces, so the indexes are used. */
@ApplicationScoped
class PrivacyRequestRepository implements PanacheRepositoryBase<PrivacyRequest, UUID> {

    /** Newest first. */
    Uni<List<PrivacyRequest>> newest(TenantId tenant, int limit) {
        return find("tenantId = ?1 order by receivedAt desc, id", tenant.value()).range(0, limit - 1).list();
    }

    /** @return null when the tenant has no such request */
    Uni<PrivacyRequest> find(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).firstResult();
    }

    /** Locked until the transaction ends, so that two receipts of one request settle it one after the other. */
    Uni<PrivacyRequest> findForUpdate(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
