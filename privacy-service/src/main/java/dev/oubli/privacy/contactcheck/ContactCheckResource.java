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

/** The pre-contact check every AI agent calls before it emails, texts, chats with or phones someone. */
@Path("/api/contact-checks")
@Produces(MediaType.APPLICATION_JSON)
public class ContactCheckResource {

    private final ContactCheckService checks;
    private final CallerTenant caller;

    ContactCheckResource(ContactCheckService checks, CallerTenant caller) {
        this.checks = checks;
        this.caller = caller;
    }

    /** 200 with ALLOWED or REFUSED (a refusal is an answer, not an error); recorded as evidence. */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RolesAllowed("agent")
    public Uni<ContactCheckResponse> check(ContactCheckRequest request) {
        return checks.check(caller.id(), request);
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
