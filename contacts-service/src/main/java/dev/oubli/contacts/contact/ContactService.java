package dev.oubli.contacts.contact;

import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class ContactService {

    static final int PAGE_SIZE = 50;

    private final ContactRepository contacts;
    private final TenantTransactions transactions;

    ContactService(ContactRepository contacts, TenantTransactions transactions) {
        this.contacts = contacts;
        this.transactions = transactions;
    }

    public Uni<ContactPage> newestContacts(TenantId tenant) {
        return transactions.inTransaction(tenant, () -> contacts.newest(tenant, PAGE_SIZE))
                .map(found -> new ContactPage(found.stream().map(ContactResponse::of).toList()));
    }
}
