package dev.oubli.contacts.contactimport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.contacts.contact.ValidContact;
import dev.oubli.events.ConsentsImported;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.EventType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Sends the consents an import granted to privacy-service's ledger (docs/adr/0036): after a batch is written, in its
 * transaction, the rows whose marketing consent this import set (a suppressed row, a skipped duplicate or a consent
 * already newer is not among them) go to the outbox as {@link ConsentsImported}, each with its file line and subject.
 * A file imported again grants nothing new, so it publishes nothing. A row without email or phone is not sent: the
 * ledger could never check it by anything but a contact id the tenant's agents do not use.
 */
@ApplicationScoped
class ImportedConsents {

    static final String PURPOSE = "MARKETING";

    private final Outbox outbox;
    private final ObjectMapper json;

    ImportedConsents(Outbox outbox, ObjectMapper json) {
        this.outbox = outbox;
        this.json = json;
    }

    /**
     * In the caller's transaction, after the batch's rows were written.
     *
     * @param numbers the file line of each contact of the batch
     * @param granted per contact: whether the import's consent was to be granted (not suppressed)
     */
    Uni<Void> publish(TenantId tenant, UUID importId, ImportOptions options, List<ValidContact> contacts, List<Long> numbers,
                      List<Boolean> granted) {
        if (options.channels().isEmpty() || !granted.contains(true)) {
            return Uni.createFrom().voidItem();
        }
        List<String> emails = new ArrayList<>();
        List<String> phones = new ArrayList<>();
        for (int n = 0; n < contacts.size(); n++) {
            if (granted.get(n)) {
                ValidContact contact = contacts.get(n);
                if (contact.emailIndex() != null) {
                    emails.add(contact.emailIndex());
                } else if (contact.phoneIndex() != null) {
                    phones.add(contact.phoneIndex());
                }
            }
        }
        return grantedBy(tenant, importId, emails, phones).chain(found -> {
            List<ConsentsImported.ImportedConsent> rows = new ArrayList<>();
            for (int n = 0; n < contacts.size(); n++) {
                ValidContact contact = contacts.get(n);
                String key = contact.emailIndex() != null ? "e:" + contact.emailIndex()
                        : contact.phoneIndex() != null ? "p:" + contact.phoneIndex() : null;
                SubjectRef subject = key == null || !granted.get(n) ? null : found.remove(key);
                if (subject != null) {
                    rows.add(new ConsentsImported.ImportedConsent(numbers.get(n), subject));
                }
            }
            List<ContactChannel> channels = options.channels().stream().map(ContactChannel::valueOf).toList();
            Instant now = Instant.now();
            List<ConsentsImported> events = new ArrayList<>();
            for (int from = 0; from < rows.size(); from += ConsentsImported.MAX_ROWS) {
                events.add(new ConsentsImported(importId, PURPOSE, channels, options.proofCollectedAt().toInstant(),
                        options.proofTextVersion(), options.proofSource(), options.importedBy(),
                        rows.subList(from, Math.min(rows.size(), from + ConsentsImported.MAX_ROWS)), now));
            }
            return Multi.createFrom().iterable(events)
                    .onItem().transformToUniAndConcatenate(event -> outbox.append(tenant, Topics.CONTACTS_CONSENT_IMPORTS,
                            importId.toString(), EventType.CONSENTS_IMPORTED.ceType(), event))
                    .collect().last()
                    .replaceWithVoid();
        });
    }

    /**
     * The contacts among these blind indexes whose marketing consent this import set, by {@code e:<email index>}
     * (or {@code p:<phone index>} for a contact without email), as the subject the ledger records.
     */
    private Uni<Map<String, SubjectRef>> grantedBy(TenantId tenant, UUID importId, List<String> emails, List<String> phones) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select c.id, c.email_index, c.phone_index from contact c
                        where c.tenant_id = :tenant
                          and (c.email_index in (select json_array_elements_text(cast(cast(:emails as text) as json)))
                               or (c.email_index is null
                                   and c.phone_index in (select json_array_elements_text(cast(cast(:phones as text) as json)))))
                          and exists (select 1 from contact_consent cc where cc.tenant_id = c.tenant_id and cc.contact_id = c.id
                                      and cc.import_id = :importId and cc.purpose = :purpose and cc.state = 'GRANTED')""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("emails", jsonArray(emails))
                        .setParameter("phones", jsonArray(phones))
                        .setParameter("importId", importId)
                        .setParameter("purpose", PURPOSE)
                        .getResultList())
                .map(result -> {
                    Map<String, SubjectRef> found = new HashMap<>();
                    for (Object row : result) {
                        Object[] c = (Object[]) row;
                        String email = (String) c[1];
                        String phone = (String) c[2];
                        SubjectRef subject = new SubjectRef(List.of((UUID) c[0]), email == null ? List.of() : List.of(email),
                                phone == null ? List.of() : List.of(phone));
                        found.put(email != null ? "e:" + email : "p:" + phone, subject);
                    }
                    return found;
                });
    }

    private String jsonArray(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
