package dev.oubli.privacy.certificate;

import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;


@Path("/public/erasure-certificates")
@Produces(MediaType.APPLICATION_JSON)
public class ErasureCertificateResource {

    private final ErasureCertificateService certificates;

    ErasureCertificateResource(ErasureCertificateService certificates) {
        this.certificates = certificates;
    }

    /** Anyone holding a certificate may check it: no token. */
    @POST
    @Path("/verification")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    public CertificateVerification verify(ErasureCertificate certificate) {
        return certificates.verify(certificate);
    }

    /** The Tink public keyset (JSON) that verifies the certificates, for verification elsewhere. */
    @GET
    @Path("/public-key")
    @PermitAll
    public String publicKey() {
        return certificates.publicKeyset();
    }
}
