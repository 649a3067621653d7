package dev.oubli.privacy.unsubscribe;

import dev.oubli.privacy.tenant.TenantRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Optional;

/**
 * The public unsubscribe pages: no login, the signed token is the credential. {@code GET} only shows a
 * confirmation (link scanners follow links); {@code POST} with {@code List-Unsubscribe=One-Click} (RFC 8058,
 * sent by mail clients or by the page's form) unsubscribes. Any token that is not ours and intact gets the
 * same "link not valid" page, with 404 — nothing tells which check failed; so does the token of a tenant that is
 * unknown or no longer ACTIVE (docs/adr/0020).
 */
@Path("/u/{token}")
@Produces(MediaType.TEXT_HTML)
public class UnsubscribeResource {

    private final UnsubscribeService unsubscribe;
    private final Template page;
    private final TenantRegistry tenants;

    UnsubscribeResource(UnsubscribeService unsubscribe, @Location("unsubscribe/page.html") Template page, TenantRegistry tenants) {
        this.unsubscribe = unsubscribe;
        this.page = page;
        this.tenants = tenants;
    }

    @GET
    @PermitAll
    public Uni<Response> confirm(@PathParam("token") String token, @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String language) {
        PageTexts texts = PageTexts.forAcceptLanguage(language);
        return valid(token).map(verified -> verified.isEmpty() ? invalid(texts)
                : html(Response.Status.OK, page.data("state", "confirm").data("texts", texts).data("action", "/u/" + token)));
    }

    @POST
    @PermitAll
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Uni<Response> unsubscribe(@PathParam("token") String token, @RestForm("List-Unsubscribe") String oneClick,
                                     @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String language) {
        PageTexts texts = PageTexts.forAcceptLanguage(language);
        return valid(token).chain(verified -> {
            if (verified.isEmpty()) {
                return Uni.createFrom().item(invalid(texts));
            }
            if (!"One-Click".equals(oneClick)) {
                return Uni.createFrom().item(html(Response.Status.BAD_REQUEST, page.data("state", "invalid").data("texts", texts)));
            }
            return unsubscribe.unsubscribe(verified.get())
                    .map(changed -> html(Response.Status.OK, page.data("state", "done").data("texts", texts)));
        });
    }

    /** The token, if it is ours, intact, and its tenant ACTIVE. */
    private Uni<Optional<UnsubscribeToken>> valid(String token) {
        Optional<UnsubscribeToken> verified = unsubscribe.verify(token);
        return verified.isEmpty() ? Uni.createFrom().item(verified)
                : tenants.isActive(verified.get().tenant()).map(active -> active ? verified : Optional.empty());
    }

    private Response invalid(PageTexts texts) {
        return html(Response.Status.NOT_FOUND, page.data("state", "invalid").data("texts", texts));
    }

    private static Response html(Response.Status status, io.quarkus.qute.TemplateInstance content) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .entity(content.render()).build();
    }
}
