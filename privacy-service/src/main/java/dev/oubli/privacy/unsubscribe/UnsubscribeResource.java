package dev.oubli.privacy.unsubscribe;

import dev.oubli.privacy.tenant.TenantRegistry;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.Optional;

/**
 * The public unsubscribe pages: no login, the signed token is the credential. {@code GET} only shows a
 * confirmation (link scanners follow links); {@code POST} with {@code List-Unsubscribe=One-Click} (RFC 8058,
 * sent by mail clients or by the page's form) unsubscribes from the token's purpose, or, with {@code scope=everything}
 * (the page's second button), from every message to the address (docs/adr/0047). Any token that is not ours and intact gets the
 * same "link not valid" page, with 404 — nothing tells which check failed; so does the token of a tenant that is
 * unknown or no longer ACTIVE (docs/adr/0020).
 */
@Path("/u/{token}")
@Produces(MediaType.TEXT_HTML)
public class UnsubscribeResource {

    /** The portal's cookie of the chosen language (web's Language.COOKIE). */
    static final String LANGUAGE_COOKIE = "oubli_lang";
    /** The portal's policy (web): the portal's stylesheet at /web-assets/ on the same origin, nothing inline. */
    static final String PAGE_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";

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
    public Uni<Response> confirm(@PathParam("token") String token, @QueryParam("lang") String lang,
                                 @CookieParam(LANGUAGE_COOKIE) String remembered,
                                 @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String language) {
        PageTexts texts = PageTexts.choose(lang, remembered, language);
        return valid(token).map(verified -> verified.isEmpty() ? invalid(texts, token)
                : html(Response.Status.OK, page(texts, token).data("state", "confirm")
                        .data("purposeName", texts.purposeName(verified.get().purpose()))));
    }

    @POST
    @PermitAll
    @Consumes({MediaType.APPLICATION_FORM_URLENCODED, MediaType.MULTIPART_FORM_DATA})
    public Uni<Response> unsubscribe(@PathParam("token") String token, @RestForm("List-Unsubscribe") String oneClick,
                                     @RestForm("scope") String scope,
                                     @QueryParam("lang") String lang, @CookieParam(LANGUAGE_COOKIE) String remembered,
                                     @HeaderParam(HttpHeaders.ACCEPT_LANGUAGE) String language) {
        PageTexts texts = PageTexts.choose(lang, remembered, language);
        return valid(token).chain(verified -> {
            if (verified.isEmpty()) {
                return Uni.createFrom().item(invalid(texts, token));
            }
            Optional<UnsubscribeService.Scope> chosen = scope(scope);
            if (!"One-Click".equals(oneClick) || chosen.isEmpty()) {
                return Uni.createFrom().item(html(Response.Status.BAD_REQUEST, page(texts, token).data("state", "invalid")));
            }
            return unsubscribe.unsubscribe(verified.get(), chosen.get())
                    .map(changed -> html(Response.Status.OK, page(texts, token).data("state", "done")
                            .data("everything", chosen.get() == UnsubscribeService.Scope.EVERYTHING)
                            .data("purposeName", texts.purposeName(verified.get().purpose()))));
        });
    }

    /**
     * The page's choice: none (the RFC 8058 one-click POST of a mail client) or {@code purpose} is the token's purpose,
     * {@code everything} every message to the address (docs/adr/0047); anything else is no choice.
     */
    static Optional<UnsubscribeService.Scope> scope(String scope) {
        if (scope == null || "purpose".equals(scope)) {
            return Optional.of(UnsubscribeService.Scope.PURPOSE);
        }
        return "everything".equals(scope) ? Optional.of(UnsubscribeService.Scope.EVERYTHING) : Optional.empty();
    }

    /** The token, if it is ours, intact, and its tenant ACTIVE. */
    private Uni<Optional<UnsubscribeToken>> valid(String token) {
        Optional<UnsubscribeToken> verified = unsubscribe.verify(token);
        return verified.isEmpty() ? Uni.createFrom().item(verified)
                : tenants.isActive(verified.get().tenant()).map(active -> active ? verified : Optional.empty());
    }

    private Response invalid(PageTexts texts, String token) {
        return html(Response.Status.NOT_FOUND, page(texts, token).data("state", "invalid"));
    }

    /** {@code path}: this page's own address, for the language switch and the form (the token is already in it). */
    private io.quarkus.qute.TemplateInstance page(PageTexts texts, String token) {
        return page.data("texts", texts).data("path", "/u/" + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Response html(Response.Status status, io.quarkus.qute.TemplateInstance content) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store").header("Referrer-Policy", "no-referrer")
                .header("Content-Security-Policy", PAGE_POLICY)
                .entity(content.render()).build();
    }
}
