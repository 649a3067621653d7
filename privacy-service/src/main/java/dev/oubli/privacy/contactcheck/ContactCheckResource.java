package dev.oubli.privacy.contactcheck;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import io.quarkus.security.identity.SecurityIdentity;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.UUID;

/** The pre-contact check every AI agent calls before it emails, texts, chats with or phones someone. */
@Path("/api/contact-checks")
@Produces(MediaType.APPLICATION_JSON)
public class ContactCheckResource {

    private final ContactCheckService checks;
    private final CallerTenant caller;
    private final JsonWebToken token;
    private final SecurityIdentity identity;

    ContactCheckResource(ContactCheckService checks, CallerTenant caller, JsonWebToken token, SecurityIdentity identity) {
        this.checks = checks;
        this.caller = caller;
        this.token = token;
        this.identity = identity;
    }

    /**
     * 200 with ALLOWED or REFUSED (a refusal is an answer, not an error); recorded as evidence. The agent is the
     * client the token was issued to ({@code azp}), never the body (docs/adr/0021).
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("agent")
    public Uni<ContactCheckResponse> check(ContactCheckRequest request) {
        Object client = token.getClaim("azp");
        return checks.check(caller.id(), client == null ? null : client.toString(), request);
    }

    /** The recorded checks, newest first (at most 100), optionally of one agent or one blind index. */
    @GET
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<ContactCheckPage> evidence(@QueryParam("agentId") String agentId, @QueryParam("subjectIndex") String subjectIndex) {
        return checks.evidence(caller.id(), agentId, subjectIndex);
    }

    /**
     * One recorded check by id (ADR 0048): a reviewer reads any of the tenant's; an agent only its own (the client its
     * token was issued to). Another agent's or another tenant's check is 404, like one that does not exist.
     */
    @GET
    @Path("/{checkId}")
    @RolesAllowed({"agent", "privacy-officer", "viewer"})
    public Uni<ContactCheckRecord> one(@PathParam("checkId") UUID checkId) {
        boolean reviewer = identity.hasRole("privacy-officer") || identity.hasRole("viewer");
        Object client = token.getClaim("azp");
        String agent = reviewer ? null : client == null ? "" : client.toString();
        return checks.one(caller.id(), checkId, agent);
    }

    /**
     * Does nothing, behind the same authentication, role and tenant claim as the check: the baseline the
     * check's benchmark (bench/ContactCheckBench.java) compares it with.
     */
    @GET
    @Path("/noop")
    @RolesAllowed("agent")
    public String noop() {
        return caller.id().toString();
    }
}
