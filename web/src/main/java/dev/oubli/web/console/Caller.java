package dev.oubli.web.console;

import io.quarkus.oidc.AccessTokenCredential;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The logged-in person: their own access token (forwarded to the gateway, which with each service checks it again),
 * their tenant and roles. The roles shown here only decide which buttons a page offers; the APIs decide what is done.
 */
@RequestScoped
public class Caller {

    private final SecurityIdentity identity;

    Caller(SecurityIdentity identity) {
        this.identity = identity;
    }

    public String accessToken() {
        AccessTokenCredential credential = identity.getCredential(AccessTokenCredential.class);
        return credential == null ? null : credential.getToken();
    }

    public String subject() {
        return identity.getPrincipal().getName();
    }

    public String tenantId() {
        if (identity.getPrincipal() instanceof JsonWebToken token) {
            Object tenant = token.getClaim("tenant_id");
            return tenant == null ? null : tenant.toString();
        }
        return identity.getAttribute("tenant_id");
    }

    public boolean officer() {
        return identity.hasRole("privacy-officer");
    }

    public boolean mayRead() {
        return officer() || identity.hasRole("viewer");
    }
}
