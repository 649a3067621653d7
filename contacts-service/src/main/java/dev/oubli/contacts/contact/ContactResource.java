package dev.oubli.contacts.contact;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

@Path("/api/contacts")
@Produces(MediaType.APPLICATION_JSON)
public class ContactResource {

    private final ContactService contacts;
    private final CallerTenant caller;

    ContactResource(ContactService contacts, CallerTenant caller) {
        this.contacts = contacts;
        this.caller = caller;
    }

    @GET
    @RolesAllowed({"viewer", "contacts-editor", "privacy-officer"})
    public Uni<ContactPage> list() {
        return contacts.newestContacts(caller.id());
    }
}
