package dev.oubli.contacts.contact;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.oubli.events.ConsentChanged;
import dev.oubli.events.ConsentSource;
import dev.oubli.events.ContactErasureRequested;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.events.ContactChannel;
import dev.oubli.events.SubjectRef;
import dev.oubli.outbox.Outbox;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

@ApplicationScoped
public class ContactService {

    static final String MARKETING = "MARKETING";

    private final ContactRepository contacts;
    private final TenantTransactions transactions;
    private final ContactValidation validation;
    private final SubjectIndex subjectIndex;
    private final ObjectMapper json;
    private final ContactCursors cursors;
    private final Outbox outbox;

    ContactService(ContactRepository contacts, TenantTransactions transactions, ContactValidation validation,
                   SubjectIndex subjectIndex, ObjectMapper json, ContactCursors cursors, Outbox outbox) {
        this.outbox = outbox;
        this.contacts = contacts;
        this.transactions = transactions;
        this.validation = validation;
        this.subjectIndex = subjectIndex;
        this.json = json;
        this.cursors = cursors;
    }

    Uni<ContactPage> list(TenantId tenant, String email, String phone, String text, String consent, String restricted,
                          String updatedSince, String sort, String cursor, String limit) {
        ContactListing.Sort order = ContactListing.Sort.parse(sort);
        ContactListing listing;
        try {
            listing = new ContactListing(
                    email == null ? null : subjectIndex.email(tenant.value(), ContactValidation.normalisedEmail(email)).value(),
                    phone == null ? null : validation.validate(tenant.value(), draftWithPhone(phone)).phoneIndex(),
                    text == null || text.isBlank() ? null : text.strip(),
                    ContactListing.ConsentFilter.parse(consent), ContactListing.parseRestricted(restricted),
                    ContactListing.parseInstant("updatedSince", updatedSince), order,
                    cursors.open(tenant, order, cursor), ContactListing.parseLimit(limit));
        } catch (InvalidContactException e) {
            throw ProblemException.invalidRequest(e.getMessage());
        }
        return transactions.inTransaction(tenant, () -> contacts.page(tenant, listing)
                .chain(found -> {
                    List<Contact> page = found.size() > listing.limit() ? found.subList(0, listing.limit()) : found;
                    String next = found.size() > listing.limit()
                            ? cursors.seal(tenant, order, ContactListing.Cursor.after(order, page.get(page.size() - 1))) : null;
                    return cards(tenant, page).map(items -> new ContactPage(items, next));
                }));
    }

    Uni<ContactResponse> contact(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> contacts.byId(tenant, id)
                .onItem().ifNull().failWith(ContactService::notFound)
                .chain(contact -> cards(tenant, List.of(contact))).map(cards -> cards.get(0)));
    }

    Uni<ContactResponse> create(TenantId tenant, CreateContactRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        ValidContact valid = validated(tenant, request.draft());
        Contact contact = new Contact();
        contact.id = UUID.randomUUID();
        contact.tenantId = tenant.value();
        contact.assign(valid);
        contact.createdAt = now();
        contact.updatedAt = contact.createdAt;
        return transactions.inTransaction(tenant, () -> rejectDuplicate(tenant, valid.emailIndex(), contact.id)
                        .chain(() -> contacts.persist(contact)))
                .onFailure(ContactService::isDuplicateEmail).recoverWithUni(() -> duplicateOf(tenant, valid.emailIndex()))
                .map(created -> card(created, List.of()));
    }

    Uni<ContactResponse> patch(TenantId tenant, UUID id, JsonNode patch) {
        return transactions.inTransaction(tenant, () -> contacts.byId(tenant, id)
                        .onItem().ifNull().failWith(ContactService::notFound)
                        .chain(contact -> {
                            if (contact.restricted) {
                                throw new ProblemException(409, "contact-restricted", "Contact restricted",
                                        "Processing of this contact is restricted (GDPR Art. 18): it cannot be edited until the"
                                                + " restriction is lifted; a correction goes through a rectification request.");
                            }
                            ContactDraft merged = ContactMergePatch.apply(draftOf(contact), patch, attributesOf(contact));
                            ValidContact valid = validated(tenant, merged);
                            Uni<Void> unique = Objects.equals(valid.emailIndex(), contact.emailIndex)
                                    ? Uni.createFrom().voidItem() : rejectDuplicate(tenant, valid.emailIndex(), contact.id);
                            return unique.map(ignored -> {
                                contact.assign(valid);
                                contact.updatedAt = now();
                                return contact;
                            });
                        })
                        .call(contacts::flush)
                        .chain(contact -> cards(tenant, List.of(contact))).map(cards -> cards.get(0)))
                .onFailure(ContactService::isDuplicateEmail).transform(e -> new ProblemException(409, "duplicate-email",
                        "Duplicate email", "Another contact of this tenant already has this email."));
    }

    /**
     * Deleting a contact erases the person (docs/adr/0035): in one transaction, {@link ContactErasureRequested} goes to
     * the outbox with the id of the privacy request privacy-service will open for the contact's id and blind indexes.
     * The contact row goes in the same transaction (404 at once) and is noted for that request, whose erasure task
     * counts it (docs/adr/0041). @return the privacy request's id
     */
    Uni<UUID> requestErasure(TenantId tenant, UUID id, String requestedBy) {
        UUID requestId = UUID.randomUUID();
        return transactions.inTransaction(tenant, () -> contacts.byId(tenant, id)
                        .onItem().ifNull().failWith(ContactService::notFound)
                        .chain(contact -> outbox.append(tenant, Topics.CONTACTS_ERASURE_REQUESTS, id.toString(),
                                EventType.CONTACT_ERASURE_REQUESTED.ceType(), new ContactErasureRequested(requestId, id,
                                        new SubjectRef(List.of(id), contact.emailIndex == null ? List.of() : List.of(contact.emailIndex),
                                                contact.phoneIndex == null ? List.of() : List.of(contact.phoneIndex)),
                                        requestedBy, Instant.now())))
                        // Gone at once (404), in this transaction; the erasure task still counts it (docs/adr/0041).
                        .chain(() -> contacts.delete("tenantId = ?1 and id = ?2", tenant.value(), id))
                        .chain(() -> contacts.recordDeletedForErasure(tenant, requestId, id)))
                .replaceWith(requestId);
    }

    /** Deletes the contact row only ({@code ?scope=local}): nothing else about the person is erased. */
    Uni<Void> delete(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> contacts.delete("tenantId = ?1 and id = ?2", tenant.value(), id))
                .map(deleted -> {
                    if (deleted == 0) {
                        throw notFound();
                    }
                    return null;
                });
    }

    /**
     * Deletes every contact of the tenant that the subject names (by id, email or phone blind index), with
     * its consent mirror, in the caller's transaction (scoped to {@code tenant}).
     *
     * @return how many contacts were erased, those deleted through the API for this request included
     */
    public Uni<Long> eraseSubject(TenantId tenant, UUID requestId, SubjectRef subject) {
        return contacts.matching(tenant, subject).chain(found -> found.isEmpty()
                        ? Uni.createFrom().item(0L)
                        : contacts.delete("tenantId = ?1 and id in ?2", tenant.value(), found.stream().map(c -> c.id).toList()))
                // Plus the contacts the API deleted when it opened this request (docs/adr/0041).
                .chain(erased -> contacts.takeDeletedForErasure(tenant, requestId).map(deletedBefore -> erased + deletedBefore));
    }

    /** The ids of the contacts the subject names, at most {@code limit}, for identity resolution (docs/adr/0034). */
    public Uni<List<UUID>> contactIdsOfSubject(TenantId tenant, SubjectRef subject, int limit) {
        return contacts.matching(tenant, subject).map(found -> found.stream().map(contact -> contact.id).limit(limit).toList());
    }

    /** The cards of every contact the subject names, consent mirror included, restricted ones too (an export is to the subject). */
    public Uni<List<ContactResponse>> cardsOfSubject(TenantId tenant, SubjectRef subject) {
        return contacts.matching(tenant, subject).chain(found -> cards(tenant, found));
    }

    /**
     * Art. 18: flags every contact the subject names ({@code restricted}), or lifts the flag (Art. 18(3), ADR 0039).
     * @return how many changed
     */
    public Uni<Long> restrictSubject(TenantId tenant, SubjectRef subject, boolean restricted) {
        return contacts.matching(tenant, subject).map(found -> {
            OffsetDateTime now = now();
            long changed = 0;
            for (Contact contact : found) {
                if (contact.restricted != restricted) {
                    contact.restricted = restricted;
                    contact.updatedAt = now;
                    changed++;
                }
            }
            return changed;
        }).call(contacts::flush);
    }

    /** Art. 21: marketing consent withdrawn on every channel for every contact the subject names. @return contacts matched */
    public Uni<Long> withdrawMarketing(TenantId tenant, SubjectRef subject, OffsetDateTime at) {
        return contacts.matching(tenant, subject).chain(found -> {
            List<UUID> ids = found.stream().map(c -> c.id).toList();
            Uni<Integer> all = Uni.createFrom().item(0);
            for (ContactChannel channel : ContactChannel.values()) {
                all = all.chain(ignored -> contacts.recordConsent(tenant, ids, channel.name(), MARKETING, "WITHDRAWN",
                        ConsentSource.PRIVACY_REQUEST.name(), at));
            }
            return all.replaceWith((long) ids.size());
        });
    }

    /**
     * Applies the corrected fields ({@code firstName, lastName, email, phone, company, jobTitle}; others are
     * not held here and ignored) to every contact the subject names, validated as an update.
     *
     * @return how many contacts were rectified
     * @throws InvalidContactException (as the Uni's failure) if a value does not validate, or the new email
     *                                 belongs to another contact or would be given to several
     */
    public Uni<Long> rectifySubject(TenantId tenant, SubjectRef subject, Map<String, String> corrections) {
        return contacts.matching(tenant, subject).chain(found -> {
            List<ValidContact> rectified = found.stream().map(contact -> validation.validate(tenant.value(), rectified(contact, corrections))).toList();
            Uni<Void> unique = Uni.createFrom().voidItem();
            if (corrections.containsKey("email") && !found.isEmpty()) {
                if (found.size() > 1) {
                    throw new InvalidContactException("DUPLICATE_EMAIL", "email cannot be given to several contacts.");
                }
                unique = contacts.idByEmailIndex(tenant, rectified.get(0).emailIndex()).map(existing -> {
                    if (existing != null && !existing.equals(found.get(0).id)) {
                        throw new InvalidContactException("DUPLICATE_EMAIL", "email belongs to another contact.");
                    }
                    return null;
                });
            }
            return unique.map(ignored -> {
                OffsetDateTime now = now();
                for (int i = 0; i < found.size(); i++) {
                    found.get(i).assign(rectified.get(i));
                    found.get(i).updatedAt = now;
                }
                return (long) found.size();
            }).call(contacts::flush);
        });
    }

    /** Mirrors a consent change for the contacts it names, unless the mirror holds a newer one. @return contacts matched */
    public Uni<Long> mirrorConsent(TenantId tenant, ConsentChanged change) {
        return contacts.matching(tenant, change.subject()).chain(found -> contacts.recordConsent(tenant,
                found.stream().map(c -> c.id).toList(), change.channel().name(), change.purpose(), change.state().name(),
                change.source().name(), change.changedAt().atOffset(ZoneOffset.UTC)).replaceWith((long) found.size()));
    }

    private ContactDraft rectified(Contact contact, Map<String, String> corrections) {
        ContactDraft current = draftOf(contact);
        return new ContactDraft(corrections.getOrDefault("firstName", current.firstName()),
                corrections.getOrDefault("lastName", current.lastName()), corrections.getOrDefault("email", current.email()),
                corrections.getOrDefault("phone", current.phone()), corrections.getOrDefault("company", current.company()),
                corrections.getOrDefault("jobTitle", current.jobTitle()), attributesOf(contact), current.source(),
                current.lawfulBasis());
    }

    private Uni<Void> rejectDuplicate(TenantId tenant, String emailIndex, UUID self) {
        if (emailIndex == null) {
            return Uni.createFrom().voidItem();
        }
        return contacts.idByEmailIndex(tenant, emailIndex).map(existing -> {
            if (existing != null && !existing.equals(self)) {
                throw duplicate(existing);
            }
            return null;
        });
    }

    /** Another request created the same email between our check and our insert: name the winner. */
    private Uni<Contact> duplicateOf(TenantId tenant, String emailIndex) {
        return transactions.inTransaction(tenant, () -> contacts.idByEmailIndex(tenant, emailIndex))
                .map(existing -> {
                    throw existing == null ? new ProblemException(409, "duplicate-email", "Duplicate email",
                            "Another contact of this tenant already has this email.") : duplicate(existing);
                });
    }

    private static ProblemException duplicate(UUID existing) {
        return new ProblemException(409, "duplicate-email", "Duplicate email",
                "Contact " + existing + " already has this email.");
    }

    private static boolean isDuplicateEmail(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("contact_email_unique")) {
                return true;
            }
        }
        return false;
    }

    private ValidContact validated(TenantId tenant, ContactDraft draft) {
        try {
            return validation.validate(tenant.value(), draft);
        } catch (InvalidContactException e) {
            throw ProblemException.invalidRequest(e.getMessage());
        }
    }

    private Uni<List<ContactResponse>> cards(TenantId tenant, List<Contact> found) {
        return contacts.consentsOf(tenant, found.stream().map(c -> c.id).toList())
                .map(consents -> found.stream().map(c -> card(c, consents.getOrDefault(c.id, List.of()))).toList());
    }

    private ContactResponse card(Contact c, List<ConsentResponse> consents) {
        return new ContactResponse(c.id, c.firstName, c.lastName, c.email, c.phone, c.company, c.jobTitle, attributesOf(c),
                c.source, c.lawfulBasis == null ? null : LawfulBasis.valueOf(c.lawfulBasis), c.restricted, consents,
                c.createdAt, c.updatedAt);
    }

    private ObjectNode attributesOf(Contact contact) {
        if (contact.attributes == null) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return (ObjectNode) json.readTree(contact.attributes);
        } catch (JsonProcessingException | ClassCastException e) {
            throw new IllegalStateException("attributes of contact " + contact.id + " are not a JSON object");
        }
    }

    private static ContactDraft draftOf(Contact c) {
        return new ContactDraft(c.firstName, c.lastName, c.email, c.phone, c.company, c.jobTitle, null, c.source,
                c.lawfulBasis == null ? null : LawfulBasis.valueOf(c.lawfulBasis));
    }

    private static ContactDraft draftWithPhone(String phone) {
        return new ContactDraft(null, null, null, phone, null, null, null, null, null);
    }

    private static ProblemException notFound() {
        return ProblemException.notFound("There is no contact with this id.");
    }

    /** PostgreSQL keeps microseconds: a cursor must see the same instant the row holds. */
    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MICROS);
    }

    /** @throws InvalidContactException naming the first field at fault and a reason code */
    public ValidContact validate(TenantId tenant, ContactDraft draft) {
        return validation.validate(tenant.value(), draft);
    }

    /** Writes a batch of an import in the caller's transaction (scoped to {@code tenant}). */
    public Uni<ContactImportBatch.Result> importBatch(TenantId tenant, ContactImportBatch batch) {
        StringWriter rows = new StringWriter(batch.contacts().size() * 256);
        try (JsonGenerator out = json.getFactory().createGenerator(rows)) {
            out.writeStartArray();
            for (int n = 0; n < batch.contacts().size(); n++) {
                ValidContact contact = batch.contacts().get(n);
                out.writeStartObject();
                out.writeStringField("id", UUID.randomUUID().toString());
                out.writeStringField("first_name", contact.firstName());
                out.writeStringField("last_name", contact.lastName());
                out.writeStringField("email", contact.email());
                out.writeStringField("email_index", contact.emailIndex());
                out.writeStringField("phone", contact.phone());
                out.writeStringField("phone_index", contact.phoneIndex());
                out.writeStringField("company", contact.company());
                out.writeStringField("job_title", contact.jobTitle());
                out.writeFieldName("attributes");
                out.writeTree(contact.attributes());
                out.writeBooleanField("granted", batch.grantMarketing().get(n));
                out.writeNumberField("n", n);
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new IllegalStateException("an import batch cannot be written", e);
        }
        String channels;
        try {
            channels = json.writeValueAsString(batch.channels());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("channels cannot be written", e);
        }
        return contacts.importBatch(tenant, batch, rows.toString(), channels);
    }
}
