package dev.oubli.contacts;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A body limit per endpoint (docs/adr/0022): 1 MiB for every request, except the upload of an import
 * ({@code POST /api/contact-imports}), streamed to disk and capped by {@code oubli.contacts.import.max-upload-size}.
 * {@code quarkus.http.limits.max-body-size} is set to that cap, the most any request may carry; this class
 * lowers it for every other request: a declared Content-Length over the limit is a 413 problem at once, and a
 * body without one a 411 problem. The rest of a body answered early is drained by libs/problem's
 * {@code EarlyAnswerDrain} (ADR 0029).
 */
@ApplicationScoped
class RequestBodyLimits {

    static final long JSON_BODY_LIMIT = 1024 * 1024;
    static final String IMPORT_PATH = "/api/contact-imports";
    /** Where Quarkus REST's input stream reads the limit of a body sent without Content-Length. */
    private static final String MAX_REQUEST_SIZE = "io.quarkus.max-request-size";

    void install(@Observes Router router, ContactsConfig config) {
        long importLimit = config.imports().maxUploadSize().asLongValue();
        router.route().order(Integer.MIN_VALUE + 100).handler(context -> refuseDeclaredExcess(context, importLimit));
    }

    /**
     * A declared Content-Length over the route's limit: a 413 problem before a byte of the body is read. Outside the
     * import, a body must declare its length (411 problem otherwise): a JSON body of at most 1 MiB always can, and
     * Quarkus REST buffers an undeclared one without a bound of ours.
     */
    private void refuseDeclaredExcess(RoutingContext context, long importLimit) {
        boolean upload = isImport(context);
        long limit = upload ? importLimit : JSON_BODY_LIMIT;
        HttpServerRequest request = context.request();
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared != null && exceeds(declared, limit)) {
            answer(context, 413, "payload-too-large", "Payload too large",
                    "The body is larger than " + limit + " bytes, the limit of this endpoint.");
        } else if (declared == null && !upload && request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            answer(context, 411, "length-required", "Length required",
                    "The body must be sent with its Content-Length, at most " + limit + " bytes.");
        } else {
            context.next();
        }
    }

    /**
     * The import's upload is counted by the import itself, which answers a 413 problem past the cap; Quarkus would
     * otherwise stop it first at the global limit (the same cap) with an empty 413. Quarkus puts that limit where its
     * REST layer reads it after the route handlers above ran, so it is taken away here, before the body is read.
     */
    @ServerRequestFilter(preMatching = true)
    void letTheImportCountItsUpload(RoutingContext context) {
        if (isImport(context)) {
            context.remove(MAX_REQUEST_SIZE);
        }
    }

    private static void answer(RoutingContext context, int status, String type, String title, String detail) {
        context.response().setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
                .end("{\"type\":\"https://oubli.dev/problems/" + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                        + ",\"detail\":\"" + detail + "\"}");
    }

    private static boolean isImport(RoutingContext context) {
        String path = context.normalizedPath();
        return context.request().method() == HttpMethod.POST && (IMPORT_PATH.equals(path) || (IMPORT_PATH + "/").equals(path));
    }

    private static boolean exceeds(String declared, long limit) {
        try {
            return Long.parseLong(declared.strip()) > limit;
        } catch (NumberFormatException e) {
            return true;
        }
    }
}
