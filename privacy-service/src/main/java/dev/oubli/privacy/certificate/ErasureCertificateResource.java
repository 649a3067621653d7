package dev.oubli.privacy.certificate;

import dev.oubli.tenancy.CallerTenant;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.UUID;

@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureCertificateResource {

    private final ErasureCertificateService certificates;
    private final CallerTenant caller;

    ErasureCertificateResource(ErasureCertificateService certificates, CallerTenant caller) {
        this.certificates = certificates;
        this.caller = caller;
    }

    @GET
    @Path("api/privacy-requests/{id}/certificate")
    @RolesAllowed({"privacy-officer", "viewer"})
    public Uni<ErasureCertificate> certificate(@PathParam("id") UUID id) {
        return certificates.certificate(caller.id(), id);
    }

    /** Anyone holding a certificate may check it: no token. */
    @POST
    @Path("public/erasure-certificates/verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public CertificateVerification verify(ErasureCertificate certificate) {
        return certificates.verify(certificate);
    }

    /** The Tink public keyset (JSON) that verifies the certificates, for verification elsewhere. */
    @GET
    @Path("public/erasure-certificates/public-key")
    @PermitAll
    public String publicKey() {
        return certificates.publicKeyset();
    }
}
