package dev.oubli.privacy.consent;

import dev.oubli.events.SubjectRef;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The rectifications of an email or a phone the ledger followed (docs/adr/0047): old blind index to new, by blind
 * index only. A suppression recorded under an old identifier follows its links to the new ones; a privacy request
 * naming either reaches both. All in the caller's transaction.
 */
@ApplicationScoped
public class IdentifierLinks {

    /** A blind index and its kind, EMAIL or PHONE. */
    public record Linked(String identifier, String kind) {
    }

    private static final String SUCCESSORS = """
            with recursive followed (identifier, kind) as (
                select r.new_identifier, r.kind from identifier_rectification r
                where r.tenant_id = :tenant and r.old_identifier in (:identifiers)
                union
                select r.new_identifier, r.kind from identifier_rectification r join followed f on r.old_identifier = f.identifier
                where r.tenant_id = :tenant)
            select identifier, kind from followed""";

    private static final String PREDECESSORS = """
            with recursive followed (identifier, kind) as (
                select r.old_identifier, r.kind from identifier_rectification r
                where r.tenant_id = :tenant and r.new_identifier in (:identifiers)
                union
                select r.old_identifier, r.kind from identifier_rectification r join followed f on r.new_identifier = f.identifier
                where r.tenant_id = :tenant)
            select identifier, kind from followed""";

    /** The identifiers these were rectified to, directly or through others; none of the given ones. */
    public Uni<List<Linked>> successors(TenantId tenant, List<String> identifiers) {
        return follow(SUCCESSORS, tenant, identifiers);
    }

    /**
     * The subject with every identifier linked to one of its blind indexes, either way (a rectification does not make
     * the old identifier someone else's as far as the person's requests go).
     */
    public Uni<SubjectRef> person(TenantId tenant, SubjectRef subject) {
        List<String> given = new ArrayList<>(subject.emailIndexes());
        given.addAll(subject.phoneIndexes());
        return follow(SUCCESSORS, tenant, given).chain(after -> follow(PREDECESSORS, tenant, given).map(before -> {
            List<String> emails = new ArrayList<>(subject.emailIndexes());
            List<String> phones = new ArrayList<>(subject.phoneIndexes());
            List<Linked> linked = new ArrayList<>(after);
            linked.addAll(before);
            for (Linked link : linked) {
                List<String> into = "EMAIL".equals(link.kind()) ? emails : phones;
                if (!into.contains(link.identifier())) {
                    into.add(link.identifier());
                }
            }
            return new SubjectRef(subject.contactIds(), emails, phones);
        }));
    }

    /** Records old → new, once. @return whether the link is new */
    public Uni<Boolean> link(TenantId tenant, String oldIdentifier, String newIdentifier, String kind, UUID requestId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into identifier_rectification (tenant_id, old_identifier, new_identifier, kind, request_id)
                        values (:tenant, :old, :new, :kind, :request) on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("old", oldIdentifier)
                .setParameter("new", newIdentifier)
                .setParameter("kind", kind)
                .setParameter("request", requestId)
                .executeUpdate()
                .map(inserted -> inserted > 0));
    }

    /** Erasure: the links of these identifiers, either way. @return how many */
    public Uni<Integer> erase(TenantId tenant, List<String> identifiers) {
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from identifier_rectification where tenant_id = :tenant
                          and (old_identifier in (:identifiers) or new_identifier in (:identifiers))""")
                .setParameter("tenant", tenant.value())
                .setParameter("identifiers", identifiers)
                .executeUpdate());
    }

    private static Uni<List<Linked>> follow(String query, TenantId tenant, List<String> identifiers) {
        if (identifiers.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(query)
                        .setParameter("tenant", tenant.value())
                        .setParameter("identifiers", identifiers)
                        .getResultList())
                .map(rows -> rows.stream().map(row -> {
                    Object[] c = (Object[]) row;
                    return new Linked((String) c[0], (String) c[1]);
                }).filter(link -> !identifiers.contains(link.identifier())).toList());
    }
}
