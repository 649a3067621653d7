package dev.oubli.gateway.caller;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.Set;
import java.util.TreeSet;

/** Who the bearer of the token is, as the platform sees it: what a front end needs to adapt its menus. */
@Path("/api/me")
@Produces(MediaType.APPLICATION_JSON)
public class CallerResource {

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    CallerResource(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The caller's subject, tenant ({@code null} for platform-wide accounts) and realm roles. */
    public record Caller(String subject, String tenantId, Set<String> roles) {
    }

    @GET
    @Authenticated
    public Caller me() {
        Object tenant = token.getClaim("tenant_id");
        return new Caller(token.getSubject(), tenant == null ? null : tenant.toString(), new TreeSet<>(identity.getRoles()));
    }
}
