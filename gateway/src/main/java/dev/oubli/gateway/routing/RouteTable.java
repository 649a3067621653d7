package dev.oubli.gateway.routing;

import dev.oubli.gateway.routing.Route.Access;
import dev.oubli.gateway.routing.Route.RateClass;
import dev.oubli.gateway.routing.Route.Service;
import dev.oubli.gateway.routing.Route.Timeouts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every route of the gateway, in one place (ADR 0028). A new API of a service is one line here; the README's
 * routing table is checked against it (RoutesReadmeTest) and so is the aggregated API document (GatewayApiDocumentIT).
 */
public final class RouteTable {

    /** A JSON body's limit, as the services set it (ADR 0022). */
    public static final long JSON = 1L << 20;
    /** A document's PDF travels base64-encoded in its JSON. */
    public static final long DOCUMENT = 10L << 20;
    /** An import's file streams through; contacts-service caps it too (oubli.contacts.import.max-upload-size, 1 GiB). */
    public static final long IMPORT = 1L << 30;
    /** The unsubscribe pages take a one-click form post of a few bytes (privacy-service refuses over 8 kB). */
    public static final long FORM = 8L << 10;

    private static final Duration CONNECT = Duration.ofSeconds(2);
    static final Timeouts API_TIMEOUT = new Timeouts(CONNECT, Duration.ofSeconds(30), Duration.ofSeconds(30));
    /** contacts-service stores an upload as it arrives and answers when it is all there; a silence of 2 minutes ends it. */
    static final Timeouts IMPORT_TIMEOUT = new Timeouts(CONNECT, Duration.ofMinutes(2), Duration.ofMinutes(2));
    static final Timeouts PAGE_TIMEOUT = new Timeouts(CONNECT, Duration.ofSeconds(15), Duration.ofSeconds(15));

    public static final List<Route> ROUTES = List.of(
            api("/api/contacts", Service.CONTACTS),
            new Route("/api/contact-imports", Service.CONTACTS, Access.TENANT_TOKEN, IMPORT, true, IMPORT_TIMEOUT, RateClass.TENANT),
            new Route("/api/documents", Service.KNOWLEDGE, Access.TENANT_TOKEN, DOCUMENT, false, API_TIMEOUT, RateClass.TENANT),
            api("/api/notes", Service.KNOWLEDGE),
            api("/api/conversations", Service.KNOWLEDGE),
            api("/api/search", Service.KNOWLEDGE),
            api("/api/guard-policy", Service.KNOWLEDGE),
            api("/api/erasure-policy", Service.KNOWLEDGE),
            api("/api/retention", Service.KNOWLEDGE),
            api("/api/interaction-report", Service.KNOWLEDGE),
            api("/api/privacy-requests", Service.PRIVACY),
            api("/api/bulk-erasures", Service.PRIVACY),
            api("/api/consents", Service.PRIVACY),
            api("/api/suppressions", Service.PRIVACY),
            api("/api/contact-checks", Service.PRIVACY),
            api("/api/audit-events", Service.PRIVACY),
            api("/api/disclosure-policies", Service.PRIVACY),
            api("/api/calling-hours", Service.PRIVACY),
            api("/api/retention-policies", Service.PRIVACY),
            api("/api/retention-purges", Service.PRIVACY),
            api("/api/legal-holds", Service.PRIVACY),
            api("/api/unsubscribe-headers", Service.PRIVACY),
            new Route("/api/tenants", Service.PRIVACY, Access.TOKEN, JSON, false, API_TIMEOUT, RateClass.TENANT),
            new Route("/api/me", Service.GATEWAY, Access.TOKEN, JSON, false, API_TIMEOUT, RateClass.TENANT),
            new Route("/u", Service.PRIVACY, Access.PUBLIC, FORM, false, PAGE_TIMEOUT, RateClass.ADDRESS),
            page("/public", Service.PRIVACY, JSON),
            page("/portal", Service.WEB, JSON),
            page("/console", Service.WEB, JSON),
            page("/web-assets", Service.WEB, JSON));

    private RouteTable() {
    }

    private static Route api(String prefix, Service service) {
        return new Route(prefix, service, Access.TENANT_TOKEN, JSON, false, API_TIMEOUT, RateClass.TENANT);
    }

    private static Route page(String prefix, Service service, long bodyLimit) {
        return new Route(prefix, service, Access.PUBLIC, bodyLimit, false, PAGE_TIMEOUT, RateClass.ADDRESS);
    }

    /** The route serving {@code path}, if any. */
    public static Optional<Route> find(String path) {
        return ROUTES.stream().filter(route -> route.serves(path)).findFirst();
    }

    /** The prefixes each service answers, in table order. */
    public static List<String> prefixesOf(Service service) {
        List<String> prefixes = new ArrayList<>();
        ROUTES.stream().filter(route -> route.service() == service).forEach(route -> prefixes.add(route.prefix()));
        return prefixes;
    }
}
