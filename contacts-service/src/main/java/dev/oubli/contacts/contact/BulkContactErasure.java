package dev.oubli.contacts.contact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.ContactBatchErasureRequested;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Deleting many contacts in one call erases each person (docs/adr/0062), as deleting one does (docs/adr/0035), in
 * batches: in one transaction the contacts found are deleted (404 at once) and noted for their batch's request, and one
 * {@link ContactBatchErasureRequested} per {@value ContactBatchErasureRequested#MAX_CONTACTS} of them goes to the outbox.
 * privacy-service opens one ERASURE request per batch, so each owner erases a batch in one transaction and answers once.
 */
@ApplicationScoped
class BulkContactErasure {

    static final int MAX_CONTACTS = 10_000;

    private final TenantTransactions transactions;
    private final Outbox outbox;
    private final ObjectMapper json;

    BulkContactErasure(TenantTransactions transactions, Outbox outbox, ObjectMapper json) {
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
    }

    /** @throws ProblemException (400) for a list that is missing, empty, too long or holds a null; (404) when none exists */
    Uni<BulkErasureAccepted> request(TenantId tenant, ContactErasures body, String requestedBy) {
        List<UUID> given = validated(body);
        UUID bulk = UUID.randomUUID();
        return transactions.inTransaction(tenant, () -> Panache.getSession().chain(session -> session.createNativeQuery("""
                                select id, email_index, phone_index from contact
                                where tenant_id = :tenant
                                  and id in (select cast(value as uuid) from json_array_elements_text(cast(cast(:ids as text) as json)))
                                for update""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("ids", text(given))
                        .getResultList())
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        throw ProblemException.notFound("None of these contacts exists.");
                    }
                    Map<UUID, Object[]> found = new HashMap<>();
                    rows.forEach(row -> found.put((UUID) row[0], row));
                    List<SubjectRef> batches = batches(given.stream().filter(found::containsKey).map(found::get).toList());
                    List<UUID> requests = batches.stream().map(batch -> UUID.randomUUID()).toList();
                    List<List<UUID>> noted = new ArrayList<>();
                    for (int i = 0; i < batches.size(); i++) {
                        for (UUID contact : batches.get(i).contactIds()) {
                            noted.add(List.of(requests.get(i), contact));
                        }
                    }
                    Instant now = Instant.now();
                    Uni<Void> events = Uni.createFrom().voidItem();
                    for (int i = 0; i < batches.size(); i++) {
                        ContactBatchErasureRequested batch = new ContactBatchErasureRequested(requests.get(i), bulk, i + 1,
                                batches.size(), batches.get(i), requestedBy, now);
                        events = events.chain(() -> outbox.append(tenant, Topics.CONTACTS_ERASURE_REQUESTS,
                                batch.requestId().toString(), EventType.CONTACT_BATCH_ERASURE_REQUESTED.ceType(), batch).replaceWithVoid());
                    }
                    List<UUID> notFound = given.stream().filter(id -> !found.containsKey(id)).toList();
                    String link = "/api/bulk-erasures/" + bulk;
                    return events
                            // Gone at once (404), in this transaction; each batch's erasure task still counts them (docs/adr/0041).
                            .chain(() -> Panache.getSession()).chain(session -> session.createNativeQuery("""
                                            delete from contact where tenant_id = :tenant and id in
                                              (select cast(value as uuid) from json_array_elements_text(cast(cast(:ids as text) as json)))""")
                                    .setParameter("tenant", tenant.value())
                                    .setParameter("ids", text(List.copyOf(found.keySet())))
                                    .executeUpdate()
                                    .chain(() -> session.createNativeQuery("""
                                                    insert into contact_deleted_for_erasure (tenant_id, request_id, contact_id)
                                                    select :tenant, cast(pair ->> 0 as uuid), cast(pair ->> 1 as uuid)
                                                    from json_array_elements(cast(cast(:pairs as text) as json)) pair
                                                    on conflict do nothing""")
                                            .setParameter("tenant", tenant.value())
                                            .setParameter("pairs", text(noted))
                                            .executeUpdate()))
                            .replaceWith(new BulkErasureAccepted(bulk, found.size(), notFound, requests, link));
                }));
    }

    private static List<UUID> validated(ContactErasures body) {
        if (body == null || body.contactIds() == null || body.contactIds().isEmpty()) {
            throw ProblemException.invalidRequest("contactIds must list the ids of the contacts to erase (1 to "
                    + MAX_CONTACTS + ").");
        }
        if (body.contactIds().size() > MAX_CONTACTS) {
            throw ProblemException.invalidRequest("contactIds lists " + body.contactIds().size() + " ids: at most " + MAX_CONTACTS
                    + " per call; send the rest in further calls.");
        }
        if (body.contactIds().contains(null)) {
            throw ProblemException.invalidRequest("contactIds[" + body.contactIds().indexOf(null) + "] is null: each must be a contact id.");
        }
        return List.copyOf(new LinkedHashSet<>(body.contactIds()));
    }

    /** The found contacts (id, email index, phone index), in the order given, as the subjects of successive batches. */
    private static List<SubjectRef> batches(List<Object[]> contacts) {
        List<SubjectRef> batches = new ArrayList<>();
        for (int from = 0; from < contacts.size(); from += ContactBatchErasureRequested.MAX_CONTACTS) {
            List<UUID> ids = new ArrayList<>();
            List<String> emails = new ArrayList<>();
            List<String> phones = new ArrayList<>();
            for (Object[] contact : contacts.subList(from, Math.min(contacts.size(), from + ContactBatchErasureRequested.MAX_CONTACTS))) {
                ids.add((UUID) contact[0]);
                if (contact[1] != null) {
                    emails.add((String) contact[1]);
                }
                if (contact[2] != null) {
                    phones.add((String) contact[2]);
                }
            }
            batches.add(new SubjectRef(ids, emails, phones));
        }
        return batches;
    }

    private String text(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
