package dev.oubli.privacy.contactcheck;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The pre-contact check every AI agent calls before it emails, texts, chats with or phones someone. */
@Path("/api/contact-checks")
@Produces(MediaType.APPLICATION_JSON)
public class ContactCheckResource {

    private final ContactCheckService checks;
    private final CallerTenant caller;
    private final JsonWebToken token;

    ContactCheckResource(ContactCheckService checks, CallerTenant caller, JsonWebToken token) {
        this.checks = checks;
        this.caller = caller;
        this.token = token;
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
