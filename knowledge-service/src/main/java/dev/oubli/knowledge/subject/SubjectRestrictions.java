package dev.oubli.knowledge.subject;

import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Art. 18 restrictions and Art. 21 objections (ADR 0039): the subject's identifiers are recorded per request, and a
 * note or conversation whose subject index names one of them (as participant, the contact it is about, or a mention)
 * is restricted: kept, but neither searched, nor read by anyone but a privacy officer, nor changed. A note or
 * conversation written later about the subject is restricted as well. In the caller's transaction (scoped to the
 * tenant).
 */
@ApplicationScoped
public class SubjectRestrictions {

    /**
     * SQL condition: the item whose id {@code itemId} (an SQL expression) names is not restricted; binds
     * {@code :tenant}. Conversation and note ids never collide with each other, nor with document ids.
     */
    public static String notRestricted(String itemId) {
        return "not exists (select 1 from subject_index si join subject_restriction r on r.tenant_id = si.tenant_id"
                + " and r.identifier = si.identifier where si.tenant_id = :tenant and si.item_type in ('NOTE', 'CONVERSATION')"
                + " and si.item_id = " + itemId + ")";
    }

    /** Records the subject's identifiers under {@code request} ({@code RESTRICTION} or {@code OBJECTION}). */
    public Uni<Void> restrict(TenantId tenant, UUID request, RequestType type, SubjectRef subject, OffsetDateTime at) {
        List<String> identifiers = identifiers(subject);
        if (identifiers.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        StringBuilder sql = new StringBuilder(
                "insert into subject_restriction (tenant_id, identifier, request_id, request_type, restricted_at) values ");
        for (int i = 0; i < identifiers.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:tenant, :identifier").append(i).append(", :request, :type, :at)");
        }
        sql.append(" on conflict do nothing");
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString())
                    .setParameter("tenant", tenant.value())
                    .setParameter("request", request)
                    .setParameter("type", type.name())
                    .setParameter("at", at);
            for (int i = 0; i < identifiers.size(); i++) {
                query.setParameter("identifier" + i, identifiers.get(i));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    /** Art. 18(3): deletes every restriction (not objection) of the subject's identifiers. @return rows deleted */
    public Uni<Long> lift(TenantId tenant, SubjectRef subject) {
        List<String> identifiers = identifiers(subject);
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                delete from subject_restriction
                                where tenant_id = :tenant and request_type = 'RESTRICTION' and identifier in (:identifiers)""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifiers", identifiers)
                        .executeUpdate())
                .map(Integer::longValue);
    }

    /** How many items of {@code type} are restricted because of the subject's identifiers. */
    public Uni<Long> restrictedItems(TenantId tenant, ItemType type, SubjectRef subject) {
        List<String> identifiers = identifiers(subject);
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                                select count(distinct si.item_id) from subject_index si
                                join subject_restriction r on r.tenant_id = si.tenant_id and r.identifier = si.identifier
                                where si.tenant_id = :tenant and si.item_type = :type and si.identifier in (:identifiers)""", Long.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("type", type.name())
                        .setParameter("identifiers", identifiers)
                        .getSingleResult())
                .map(Number::longValue);
    }

    /** Whether the note or conversation {@code item} is restricted. */
    public Uni<Boolean> restricted(TenantId tenant, UUID item) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                                "select not " + notRestricted(":item"), Boolean.class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("item", item)
                        .getSingleResult());
    }

    /** Fails with 409 {@code processing-restricted} when the note or conversation {@code item} is restricted. */
    public Uni<Void> refuseChangeIfRestricted(TenantId tenant, UUID item) {
        return restricted(tenant, item).invoke(restricted -> {
            if (restricted) {
                throw conflict();
            }
        }).replaceWithVoid();
    }

    /** Fails with 403 {@code processing-restricted} when {@code item} is restricted and the reader is no privacy officer. */
    public Uni<Void> refuseReadIfRestricted(TenantId tenant, UUID item, boolean privacyOfficer) {
        if (privacyOfficer) {
            return Uni.createFrom().voidItem();
        }
        return restricted(tenant, item).invoke(restricted -> {
            if (restricted) {
                throw ProblemException.forbidden("processing-restricted", "Processing restricted",
                        "The person this item concerns has restricted or objected to the processing of their data"
                                + " (GDPR Art. 18, 21): only a privacy officer may read it.");
            }
        }).replaceWithVoid();
    }

    private static ProblemException conflict() {
        return new ProblemException(409, "processing-restricted", "Processing restricted",
                "The person this item concerns has restricted or objected to the processing of their data (GDPR Art. 18, 21):"
                        + " it is kept unchanged until the restriction is lifted.");
    }

    private static List<String> identifiers(SubjectRef subject) {
        List<String> identifiers = new ArrayList<>();
        subject.contactIds().forEach(id -> identifiers.add(id.toString()));
        identifiers.addAll(subject.emailIndexes());
        identifiers.addAll(subject.phoneIndexes());
        return identifiers;
    }
}
