package dev.oubli.privacy.retention;

import dev.oubli.privacy.audit.AuditAction;
import dev.oubli.privacy.audit.AuditService;
import dev.oubli.privacy.subject.SqlTime;
import dev.oubli.privacy.subject.SubjectKeys;
import dev.oubli.privacy.subject.Subjects;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Legal holds (docs/adr/0057): a subject or a request that no retention purge may touch until the hold is lifted. Placing
 * and lifting are audited (ids and blind indexes, never the reason's text) and push the tenant's policy again, holds
 * included, to the owners.
 */
@ApplicationScoped
public class LegalHolds {

    private static final String COLUMNS = """
            select id, email_index, phone_index, contact_id, request_id, reason, placed_at, lifted_at, lift_reason from legal_hold""";

    private final TenantTransactions transactions;
    private final AuditService audit;
    private final Subjects subjects;
    private final RetentionPolicies policies;

    LegalHolds(TenantTransactions transactions, AuditService audit, Subjects subjects, RetentionPolicies policies) {
        this.transactions = transactions;
        this.audit = audit;
        this.subjects = subjects;
        this.policies = policies;
    }

    /** Active holds first, then lifted ones, newest first; at most 500. */
    public Uni<List<LegalHold>> list(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery(COLUMNS
                                + " where tenant_id = :tenant order by lifted_at is not null, placed_at desc, id limit 500", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .getResultList()))
                .map(rows -> rows.stream().map(LegalHolds::hold).toList());
    }

    /** @throws ProblemException (400) without a subject or request, or without a reason */
    public Uni<LegalHold> place(TenantId tenant, LegalHoldRequest body) {
        if (body == null || body.subject() == null && body.requestId() == null) {
            throw ProblemException.invalidRequest("A legal hold needs a subject (email, phone or contactId) or a requestId.");
        }
        String reason = reason("reason", body.reason());
        SubjectKeys keys = body.subject() == null ? null : subjects.keysOf(tenant, body.subject(), "subject");
        UUID id = UUID.randomUUID();
        return audit.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                insert into legal_hold (tenant_id, id, email_index, phone_index, contact_id, request_id, reason)
                                values (:tenant, :id, cast(:email as varchar), cast(:phone as varchar), cast(:contact as uuid),
                                        cast(:request as uuid), :reason)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .setParameter("email", keys == null ? null : keys.emailIndex())
                        .setParameter("phone", keys == null ? null : keys.phoneIndex())
                        .setParameter("contact", keys == null || keys.contactId() == null ? null : keys.contactId().toString())
                        .setParameter("request", body.requestId() == null ? null : body.requestId().toString())
                        .setParameter("reason", reason)
                        .executeUpdate())
                .chain(() -> policies.publish(tenant))
                .chain(version -> {
                    Map<String, Object> details = new HashMap<>();
                    details.put("holdId", id.toString());
                    details.put("policyVersion", version);
                    if (keys != null) {
                        putIfPresent(details, "emailIndex", keys.emailIndex());
                        putIfPresent(details, "phoneIndex", keys.phoneIndex());
                        putIfPresent(details, "contactId", keys.contactIdText());
                    }
                    return audit.record(tenant, AuditAction.LEGAL_HOLD_PLACED, body.requestId(), details);
                })
                .chain(() -> find(tenant, id)));
    }

    /** @throws ProblemException (404) for an unknown or already lifted hold, (400) without a reason */
    public Uni<LegalHold> lift(TenantId tenant, UUID id, LiftLegalHold body) {
        String reason = reason("reason", body == null ? null : body.reason());
        return audit.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                update legal_hold set lifted_at = clock_timestamp(), lift_reason = :reason
                                where tenant_id = :tenant and id = :id and lifted_at is null""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .setParameter("reason", reason)
                        .executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        return Uni.createFrom().failure(ProblemException.notFound("There is no legal hold in force with this id."));
                    }
                    return policies.publish(tenant);
                })
                .chain(version -> audit.record(tenant, AuditAction.LEGAL_HOLD_LIFTED, null,
                        Map.of("holdId", id.toString(), "policyVersion", version)))
                .chain(() -> find(tenant, id)));
    }

    private Uni<LegalHold> find(TenantId tenant, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery(COLUMNS + " where tenant_id = :tenant and id = :id",
                                Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .getSingleResult())
                .map(LegalHolds::hold);
    }

    private static LegalHold hold(Object[] c) {
        return new LegalHold((UUID) c[0], (String) c[1], (String) c[2], (UUID) c[3], (UUID) c[4], (String) c[5],
                SqlTime.instant(c[6]), SqlTime.instant(c[7]), (String) c[8]);
    }

    private static void putIfPresent(Map<String, Object> details, String key, String value) {
        if (value != null) {
            details.put(key, value);
        }
    }

    /** @throws ProblemException (400) when blank, longer than 200 characters or with a control character */
    private static String reason(String field, String value) {
        if (value == null || value.isBlank()) {
            throw ProblemException.invalidRequest(field + " is required: why the hold is placed or lifted.");
        }
        if (value.length() > 200) {
            throw ProblemException.invalidRequest(field + " is longer than 200 characters.");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isISOControl(c) || Character.isSurrogate(c)) {
                throw ProblemException.invalidRequest(field + ", character " + (i + 1) + ": a control character or an unpaired surrogate is not allowed.");
            }
        }
        return value;
    }
}
