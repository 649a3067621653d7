package dev.oubli.tenancy;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Map;

/** Answers a token without a tenant with an RFC 9457 problem, never with data of a default tenant. */
class TenantMissingExceptionMapper {

    static final MediaType PROBLEM_JSON = MediaType.valueOf("application/problem+json");

    @ServerExceptionMapper
    Response tenantMissing(TenantMissingException e) {
        return Response.status(Response.Status.FORBIDDEN)
                .type(PROBLEM_JSON)
                .entity(Map.of(
                        "type", "https://oubli.dev/problems/tenant-missing",
                        "title", "No tenant in the access token",
                        "status", 403,
                        "detail", "The access token must carry a tenant_id claim holding a UUID."))
                .build();
    }
}
