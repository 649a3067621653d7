package dev.oubli.contacts.contact;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.UUID;

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

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "contacts-editor", "privacy-officer"})
    public Uni<ContactResponse> get(@PathParam("id") UUID id) {
        return contacts.contact(caller.id(), id);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("contacts-editor")
    public Uni<Response> create(CreateContactRequest request) {
        return contacts.createContact(caller.id(), request)
                .map(created -> Response.created(URI.create("/api/contacts/" + created.id())).entity(created).build());
    }
}
