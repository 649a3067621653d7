package dev.oubli.tenancy;

import dev.oubli.problem.ProblemException;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The tenant of the current HTTP request, taken only from the validated access token's {@code tenant_id}
 * claim: never from a header, a path or a body, and never a default.
 */
@RequestScoped
public class CallerTenant {

    public static final String CLAIM = "tenant_id";

    private final JsonWebToken token;

    CallerTenant(JsonWebToken token) {
        this.token = token;
    }

    /** @throws ProblemException (403 {@code tenant-missing}) when the token has no valid tenant claim */
    public TenantId id() {
        Object claim = token.getClaim(CLAIM);
        return TenantId.parse(claim == null ? null : claim.toString()).orElseThrow(() -> ProblemException.forbidden(
                "tenant-missing", "No tenant in the access token", "The access token must carry a tenant_id claim holding a UUID."));
    }
}
