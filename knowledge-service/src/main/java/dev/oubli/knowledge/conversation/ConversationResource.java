package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.paging.Page;
import dev.oubli.knowledge.paging.PageRequest;
import dev.oubli.tenancy.CallerTenant;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

@Path("/api/conversations")
@Produces(MediaType.APPLICATION_JSON)
public class ConversationResource {

    private final ConversationService conversations;
    private final CallerTenant caller;
    private final CallerAgent agent;
    private final SecurityIdentity identity;
    private final JsonWebToken token;

    ConversationResource(ConversationService conversations, CallerTenant caller, CallerAgent agent, SecurityIdentity identity,
                         JsonWebToken token) {
        this.token = token;
        this.conversations = conversations;
        this.caller = caller;
        this.agent = agent;
        this.identity = identity;
    }

    /** Newest first by start time; {@code from} inclusive and {@code to} exclusive bound it. */
    @GET
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<Page<ConversationSummary>> list(@QueryParam("contact") UUID contact, @QueryParam("agent") String agentName,
                                               @QueryParam("channel") Channel channel, @QueryParam("from") String from,
                                               @QueryParam("to") String to, @QueryParam("cursor") String cursor,
                                               @QueryParam("limit") Integer limit) {
        return conversations.conversations(caller.id(), new ConversationService.Filters(contact, agentName, channel),
                PageRequest.of(cursor, limit, from, to));
    }

    @GET
    @Path("/{id}")
    @RolesAllowed({"viewer", "knowledge-editor", "privacy-officer"})
    public Uni<ConversationResponse> get(@PathParam("id") UUID id) {
        return conversations.conversation(caller.id(), id, identity.hasRole("privacy-officer"));
    }

    /**
     * An editor records any conversation (history included); an agent its own, under the name its token gives, and,
     * reaching out, with the pre-contact check that allowed it (400 {@code check-required}, ADR 0048).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"knowledge-editor", "agent"})
    public Uni<Response> create(ConversationRequest request) {
        String recordingAgent = identity.hasRole("knowledge-editor") ? null : agent.name().orElse("");
        return conversations.createConversation(caller.id(), recordingAgent, token.getRawToken(), request)
                .map(created -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/conversations/" + created.id()).entity(created).build());
    }

    @PUT
    @Path("/{id}")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("knowledge-editor")
    public Uni<ConversationResponse> update(@PathParam("id") UUID id, ConversationRequest request) {
        return conversations.updateConversation(caller.id(), id, request);
    }

    @DELETE
    @Path("/{id}")
    @RolesAllowed("knowledge-editor")
    public Uni<Void> delete(@PathParam("id") UUID id) {
        return conversations.deleteConversation(caller.id(), id);
    }

    /**
     * An editor appends to any conversation; an agent only to its own (its name from the token, never the body).
     * Messages have no address of their own: Location is their conversation's.
     */
    @POST
    @Path("/{id}/messages")
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed({"knowledge-editor", "agent"})
    public Uni<Response> appendMessage(@PathParam("id") UUID id, MessageRequest request) {
        String appendingAgent = identity.hasRole("knowledge-editor") ? null : agent.name().orElse("");
        return conversations.appendMessage(caller.id(), id, appendingAgent, token.getRawToken(), request)
                .map(appended -> Response.status(Response.Status.CREATED).header(HttpHeaders.LOCATION, "/api/conversations/" + id).entity(appended).build());
    }
}
