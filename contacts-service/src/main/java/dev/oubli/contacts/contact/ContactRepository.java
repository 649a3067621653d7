package dev.oubli.contacts.contact;

import dev.oubli.events.SubjectRef;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Contacts and their consent mirror. The tenant filter repeats what row-level security enforces, so the indexes are used. */
@ApplicationScoped
class ContactRepository implements PanacheRepositoryBase<Contact, UUID> {

    /** What a native query selects to be read as a {@link Contact}. */
    static final String COLUMNS = "c.id, c.tenant_id, c.first_name, c.last_name, c.email, c.phone, c.company, c.job_title,"
            + " cast(c.attributes as text) as attributes, c.source, c.lawful_basis, c.restricted, c.email_index,"
            + " c.phone_index, c.created_at, c.updated_at";

    Uni<Contact> byId(TenantId tenant, UUID id) {
        return find("tenantId = ?1 and id = ?2", tenant.value(), id).firstResult();
    }

    Uni<UUID> idByEmailIndex(TenantId tenant, String emailIndex) {
        return find("tenantId = ?1 and emailIndex = ?2", tenant.value(), emailIndex).firstResult()
                .map(found -> found == null ? null : found.id);
    }

    @SuppressWarnings("unchecked")
    Uni<List<Contact>> page(TenantId tenant, ContactListing listing) {
        Map<String, Object> parameters = ContactListing.newParameters();
        String sql = listing.sql(tenant.value(), parameters);
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql, Contact.class);
            parameters.forEach(query::setParameter);
            return query.getResultList();
        });
    }

    /** Every contact of the tenant the subject names, by id or by the blind index of its email or phone. */
    Uni<List<Contact>> matching(TenantId tenant, SubjectRef subject) {
        List<String> matches = new ArrayList<>();
        Parameters parameters = Parameters.with("tenant", tenant.value());
        if (!subject.contactIds().isEmpty()) {
            matches.add("id in :ids");
            parameters.and("ids", subject.contactIds());
        }
        if (!subject.emailIndexes().isEmpty()) {
            matches.add("emailIndex in :emails");
            parameters.and("emails", subject.emailIndexes());
        }
        if (!subject.phoneIndexes().isEmpty()) {
            matches.add("phoneIndex in :phones");
            parameters.and("phones", subject.phoneIndexes());
        }
        return list("tenantId = :tenant and (" + String.join(" or ", matches) + ") order by createdAt, id", parameters);
    }

    /** Notes that this contact was deleted for the erasure request {@code requestId} (docs/adr/0041). */
    Uni<Integer> recordDeletedForErasure(TenantId tenant, UUID requestId, UUID contactId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact_deleted_for_erasure (tenant_id, request_id, contact_id)
                        values (:tenant, :request, :contact) on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .setParameter("contact", contactId)
                .executeUpdate());
    }

    /** @return how many contacts were deleted ahead of the erasure request {@code requestId}; forgets them */
    Uni<Integer> takeDeletedForErasure(TenantId tenant, UUID requestId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from contact_deleted_for_erasure where tenant_id = :tenant and request_id = :request""")
                .setParameter("tenant", tenant.value())
                .setParameter("request", requestId)
                .executeUpdate());
    }

    @SuppressWarnings("unchecked")
    Uni<Map<UUID, List<ConsentResponse>>> consentsOf(TenantId tenant, Collection<UUID> contactIds) {
        Map<UUID, List<ConsentResponse>> consents = new LinkedHashMap<>();
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(consents);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select contact_id, channel, purpose, state, source, changed_at from contact_consent
                        where tenant_id = :tenant and contact_id in (:ids) order by channel, purpose""")
                .setParameter("tenant", tenant.value())
                .setParameter("ids", contactIds)
                .getResultList())
                .map(rows -> {
                    for (Object row : rows) {
                        Object[] columns = (Object[]) row;
                        consents.computeIfAbsent((UUID) columns[0], id -> new ArrayList<>()).add(new ConsentResponse(
                                (String) columns[1], (String) columns[2], (String) columns[3], (String) columns[4],
                                (OffsetDateTime) columns[5]));
                    }
                    return consents;
                });
    }

    /** Sets one channel and purpose of the mirror for these contacts, unless the mirror already holds a newer change. */
    Uni<Integer> recordConsent(TenantId tenant, Collection<UUID> contactIds, String channel, String purpose, String state,
                               String source, OffsetDateTime changedAt) {
        if (contactIds.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact_consent (tenant_id, contact_id, channel, purpose, state, source, changed_at)
                        select c.tenant_id, c.id, :channel, :purpose, :state, :source, :changedAt from contact c
                        where c.tenant_id = :tenant and c.id in (:ids)
                        on conflict (tenant_id, contact_id, channel, purpose) do update
                        set state = excluded.state, source = excluded.source, changed_at = excluded.changed_at,
                            proof_source = null, proof_text_version = null, import_id = null
                        where contact_consent.changed_at < excluded.changed_at""")
                .setParameter("tenant", tenant.value())
                .setParameter("ids", contactIds)
                .setParameter("channel", channel)
                .setParameter("purpose", purpose)
                .setParameter("state", state)
                .setParameter("source", source)
                .setParameter("changedAt", changedAt)
                .executeUpdate());
    }

    /**
     * Inserts a batch in one statement from a JSON recordset (one parameter, the same SQL for every batch):
     * a row whose email exists is skipped, or updates that contact (non-empty fields win, attributes merge)
     * unless it is restricted; marketing consent with the import's proof goes to the rows that may have it.
     */
    Uni<ContactImportBatch.Result> importBatch(TenantId tenant, ContactImportBatch batch, String rows, String channels) {
        String onConflict = batch.update() ? """
                do update set first_name = coalesce(excluded.first_name, c.first_name),
                    last_name = coalesce(excluded.last_name, c.last_name), phone = coalesce(excluded.phone, c.phone),
                    phone_index = coalesce(excluded.phone_index, c.phone_index), company = coalesce(excluded.company, c.company),
                    job_title = coalesce(excluded.job_title, c.job_title), attributes = c.attributes || excluded.attributes,
                    source = excluded.source, lawful_basis = excluded.lawful_basis, updated_at = excluded.updated_at
                where not c.restricted""" : "do nothing";
        OffsetDateTime now = ContactService.now();
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        with input as (
                            select * from json_to_recordset(cast(cast(:rows as text) as json)) as r(
                                id uuid, first_name text, last_name text, email text, email_index text, phone text,
                                phone_index text, company text, job_title text, attributes jsonb, granted boolean, n int)
                        ), upserted as (
                            insert into contact as c (tenant_id, id, first_name, last_name, email, email_index, phone, phone_index,
                                company, job_title, attributes, source, lawful_basis, created_at, updated_at)
                            select :tenant, i.id, i.first_name, i.last_name, i.email, i.email_index, i.phone, i.phone_index,
                                i.company, i.job_title, coalesce(i.attributes, jsonb_build_object()), :source, :basis, :now, :now
                            from input i order by i.n
                            on conflict (tenant_id, email_index) """ + onConflict + """
                            returning c.id, c.email_index, (xmax = 0) as inserted
                        ), consented as (
                            insert into contact_consent (tenant_id, contact_id, channel, purpose, state, source, changed_at,
                                proof_source, proof_text_version, import_id)
                            select :tenant, u.id, ch.channel, 'MARKETING', 'GRANTED', 'IMPORT', :collectedAt, :proofSource,
                                :proofVersion, :importId
                            from upserted u
                            join input i on coalesce(i.email_index, cast(i.id as text)) = coalesce(u.email_index, cast(u.id as text))
                            cross join json_array_elements_text(cast(cast(:channels as text) as json)) as ch(channel)
                            where i.granted
                            on conflict (tenant_id, contact_id, channel, purpose) do update
                            set state = excluded.state, source = excluded.source, changed_at = excluded.changed_at,
                                proof_source = excluded.proof_source, proof_text_version = excluded.proof_text_version,
                                import_id = excluded.import_id
                            where contact_consent.changed_at < excluded.changed_at
                        )
                        select count(*) filter (where inserted), count(*) filter (where not inserted) from upserted""")
                .setParameter("rows", rows)
                .setParameter("tenant", tenant.value())
                .setParameter("source", batch.source())
                .setParameter("basis", batch.lawfulBasis().name())
                .setParameter("now", now)
                .setParameter("collectedAt", batch.proofCollectedAt() == null ? now : batch.proofCollectedAt())
                .setParameter("proofSource", batch.proofSource())
                .setParameter("proofVersion", batch.proofTextVersion())
                .setParameter("importId", batch.importId())
                .setParameter("channels", channels)
                .getSingleResult())
                .map(result -> {
                    Object[] counts = (Object[]) result;
                    long inserted = ((Number) counts[0]).longValue();
                    long updated = ((Number) counts[1]).longValue();
                    return new ContactImportBatch.Result(inserted, updated, batch.contacts().size() - inserted - updated);
                });
    }
}
