package dev.oubli.contacts.contact;

import dev.oubli.contacts.ContactsConfig;
import dev.oubli.events.SubjectRef;
import dev.oubli.problem.ProblemException;
import dev.oubli.subjectindex.InvalidIdentifierException;
import dev.oubli.subjectindex.SubjectIndex;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

@ApplicationScoped
public class ContactService {

    static final int PAGE_SIZE = 50;
    static final int NAME_LENGTH = 200;

    private final ContactRepository contacts;
    private final TenantTransactions transactions;
    private final SubjectIndex subjectIndex;
    private final ContactsConfig config;

    ContactService(ContactRepository contacts, TenantTransactions transactions, SubjectIndex subjectIndex, ContactsConfig config) {
        this.contacts = contacts;
        this.transactions = transactions;
        this.subjectIndex = subjectIndex;
        this.config = config;
    }

    public Uni<ContactPage> newestContacts(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> contacts.newest(tenant, PAGE_SIZE))
                .map(found -> new ContactPage(found.stream().map(ContactResponse::of).toList()));
    }

    public Uni<ContactResponse> contact(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> contacts.find("tenantId = ?1 and id = ?2", tenant.value(), id).firstResult())
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no contact with this id."))
                .map(ContactResponse::of);
    }

    public Uni<ContactResponse> createContact(TenantId tenant, CreateContactRequest request) {
        if (request == null) {
            throw ProblemException.invalidRequest("A JSON body is required.");
        }
        Contact contact = new Contact();
        contact.id = UUID.randomUUID();
        contact.tenantId = tenant.value();
        contact.firstName = bounded("firstName", request.firstName());
        contact.lastName = bounded("lastName", request.lastName());
        try {
            if (request.email() != null) {
                contact.email = SubjectIndex.normaliseEmail(request.email());
                contact.emailIndex = subjectIndex.email(tenant.value(), contact.email).value();
            }
            if (request.phone() != null) {
                contact.phone = SubjectIndex.normalisePhone(request.phone(), config.defaultPhoneRegion());
                contact.phoneIndex = subjectIndex.phone(tenant.value(), contact.phone, config.defaultPhoneRegion()).value();
            }
        } catch (InvalidIdentifierException e) {
            throw ProblemException.invalidRequest(e.getMessage());
        }
        contact.createdAt = OffsetDateTime.now(ZoneOffset.UTC);
        contact.updatedAt = contact.createdAt;
        return transactions.inTransaction(tenant, () -> contacts.persist(contact)).map(ContactResponse::of);
    }

    /**
     * Deletes every contact of the tenant that the subject names, by id or by the blind index of its email
     * or phone, in the caller's transaction (which must be scoped to {@code tenant}).
     *
     * @return how many contacts were erased
     */
    public Uni<Long> eraseSubject(TenantId tenant, SubjectRef subject) {
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
        if (matches.isEmpty()) {
            return Uni.createFrom().item(0L);
        }
        return contacts.delete("tenantId = :tenant and (" + String.join(" or ", matches) + ")", parameters);
    }

    private static String bounded(String field, String value) {
        if (value != null && value.length() > NAME_LENGTH) {
            throw ProblemException.invalidRequest(field + " is longer than " + NAME_LENGTH + " characters.");
        }
        return value;
    }
}
