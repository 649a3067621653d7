package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The tenant filters repeat what row-level security enforces, so the indexes are used. */
@ApplicationScoped
class PrivacyRequestRepository implements PanacheRepositoryBase<PrivacyRequest, UUID> {

    static final List<PrivacyRequestStatus> OPEN = List.of(
            PrivacyRequestStatus.RECEIVED, PrivacyRequestStatus.IDENTITY_PENDING, PrivacyRequestStatus.IN_PROGRESS);

    private static final String OPEN_LITERALS = String.join(", ", OPEN.stream()
            .map(status -> PrivacyRequestStatus.class.getName() + "." + status.name()).toList());

    private static OffsetDateTime startOf(LocalDate day) {
        return day.atStartOfDay().atOffset(PrivacyRequest.CALENDAR);
    }

    /**
     * One page, newest first ({@code receivedAt desc, id}), after the cursor's request when given; one more than
     * {@code limit} tells the caller there is a next page.
     */
    Uni<List<PrivacyRequest>> page(TenantId tenant, PrivacyRequestFilter filter, PrivacyRequestCursor after, int limit, LocalDate today) {
        StringBuilder where = new StringBuilder("tenantId = :tenant");
        Parameters parameters = Parameters.with("tenant", tenant.value());
        if (filter.status() != null) {
            where.append(" and status = :status");
            parameters.and("status", filter.status());
        }
        if (filter.type() != null) {
            where.append(" and type = :type");
            parameters.and("type", filter.type());
        }
        if (filter.dueBefore() != null) {
            // A request is due after it was received: the bound lets the receipt index skip the newer ones.
            where.append(" and dueOn < :dueBefore and receivedAt < :dueBeforeStart");
            parameters.and("dueBefore", filter.dueBefore()).and("dueBeforeStart", startOf(filter.dueBefore()));
        }
        if (filter.overdue()) {
            // Literals, not parameters: the planner then knows the partial index of open requests applies.
            where.append(" and status in (" + OPEN_LITERALS + ") and dueOn < :today and receivedAt < :todayStart");
            parameters.and("today", today).and("todayStart", startOf(today));
        }
        if (after != null) {
            // The first condition alone is an index range; the second breaks ties of the same instant.
            where.append(" and receivedAt <= :afterAt and (receivedAt < :afterAt or id > :afterId)");
            parameters.and("afterAt", after.receivedAt()).and("afterId", after.id());
        }
        return find(where + " order by receivedAt desc, id", parameters).range(0, limit).list();
    }

    /** @return null when the tenant has no such request */
    Uni<PrivacyRequest> find(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).firstResult();
    }

    /** Locked until the transaction ends, so that two receipts of one request settle it one after the other. */
    Uni<PrivacyRequest> findForUpdate(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    /** The request in progress for the same tenant, type and subject, if any (null otherwise). */
    Uni<PrivacyRequest> inProgressFor(TenantId tenant, RequestType type, String subjectFingerprint) {
        return find("tenantId = ?1 and type = ?2 and subjectFingerprint = ?3 and status = ?4",
                tenant.value(), type, subjectFingerprint, PrivacyRequestStatus.IN_PROGRESS).firstResult();
    }

    /** A tenant's requests in progress last published before {@code before}: the watchdog's work. */
    Uni<List<PrivacyRequest>> awaitingReceiptsSince(TenantId tenant, OffsetDateTime before, int limit) {
        return find("tenantId = ?1 and status = ?2 and lastPublishedAt < ?3 order by lastPublishedAt",
                tenant.value(), PrivacyRequestStatus.IN_PROGRESS, before).range(0, limit - 1).list();
    }

    /** A tenant's requests still waiting for the subject's proof of identity since before {@code before}. */
    Uni<List<PrivacyRequest>> identityPendingSince(TenantId tenant, OffsetDateTime before, int limit) {
        return find("tenantId = ?1 and status = ?2 and identityPendingSince < ?3 order by identityPendingSince",
                tenant.value(), PrivacyRequestStatus.IDENTITY_PENDING, before).range(0, limit - 1).list();
    }
}
