package dev.oubli.gateway.apidocument;

import dev.oubli.gateway.routing.GatewayConfig;
import dev.oubli.gateway.routing.Problems;
import dev.oubli.gateway.routing.Route;
import dev.oubli.gateway.routing.RouteTable;
import io.quarkus.smallrye.openapi.runtime.OpenApiDocumentService;
import io.smallrye.openapi.runtime.io.Format;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;

import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

/**
 * One document of the whole public API ({@value #PATH}): each service's OpenAPI ({@code /q/openapi?format=json}),
 * keeping the paths the gateway routes to that service, with the bearer scheme on token routes and none on public
 * ones, and the routing table itself under {@code x-oubli-routes} (GatewayApiDocumentIT checks both ways that every
 * service path is routed and every route has a path). The Swagger UI at /q/swagger-ui shows it.
 */
class ApiDocument {

    static final String PATH = "/q/api-document";
    /** Quarkus's name for an application's only OpenAPI document. */
    static final String DEFAULT_DOCUMENT = "<default>";
    static final EnumSet<Route.Service> DOCUMENTED = EnumSet.of(Route.Service.CONTACTS, Route.Service.KNOWLEDGE,
            Route.Service.PRIVACY, Route.Service.GATEWAY);

    void route(@Observes Router router, Vertx vertx, GatewayConfig config, OpenApiDocumentService ownDocument) {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(2_000).setIdleTimeout(10));
        router.get(PATH).handler(context -> {
            List<Future<JsonObject>> documents = new ArrayList<>();
            List<Route.Service> services = new ArrayList<>(DOCUMENTED);
            for (Route.Service service : services) {
                documents.add(service == Route.Service.GATEWAY ? own(ownDocument) : fetch(client, config.baseOf(service)));
            }
            Future.join(documents).onComplete(ignored -> {
                if (documents.stream().anyMatch(Future::failed)) {
                    Problems.badGateway(context.response());
                    return;
                }
                JsonObject merged = skeleton();
                for (int i = 0; i < services.size(); i++) {
                    merge(merged, documents.get(i).result(), services.get(i));
                }
                context.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(merged.encode());
            });
        });
    }

    /** The gateway's own document (GET /api/me), as Quarkus serves it at /q/openapi. */
    private static Future<JsonObject> own(OpenApiDocumentService ownDocument) {
        try {
            return Future.succeededFuture(Buffer.buffer(ownDocument.getDocument(DEFAULT_DOCUMENT, Format.JSON)).toJsonObject());
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    private static Future<JsonObject> fetch(HttpClient client, URI base) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(base.getHost())
                .setPort(base.getPort() == -1 ? 80 : base.getPort()).setURI("/q/openapi?format=json").setTimeout(10_000)
                .putHeader(HttpHeaders.ACCEPT, "application/json");
        return client.request(options)
                .compose(request -> request.send())
                .compose(HttpClientResponse::body)
                .map(Buffer::toJsonObject);
    }

    static JsonObject skeleton() {
        JsonArray routes = new JsonArray();
        RouteTable.ROUTES.forEach(route -> routes.add(new JsonObject()
                .put("prefix", route.prefix())
                .put("service", route.service().label())
                .put("access", route.access().name())));
        return new JsonObject()
                .put("openapi", "3.0.3")
                .put("info", new JsonObject().put("title", "Oubli API").put("version", "1")
                        .put("description", "Every operation of Oubli as seen through the gateway."))
                .put("paths", new JsonObject())
                .put("components", new JsonObject()
                        .put("schemas", new JsonObject())
                        .put("securitySchemes", new JsonObject().put("bearer", new JsonObject()
                                .put("type", "http").put("scheme", "bearer").put("bearerFormat", "JWT"))))
                .put("x-oubli-routes", routes);
    }

    /** Adds the paths of {@code document} that the gateway routes to {@code service}. */
    static void merge(JsonObject merged, JsonObject document, Route.Service service) {
        JsonObject paths = document.getJsonObject("paths", new JsonObject());
        for (String path : paths.fieldNames()) {
            Route route = RouteTable.find(path).orElse(null);
            if (route == null || route.service() != service) {
                continue;
            }
            JsonObject item = paths.getJsonObject(path).copy();
            JsonArray security = route.access() == Route.Access.PUBLIC ? new JsonArray()
                    : new JsonArray().add(new JsonObject().put("bearer", new JsonArray()));
            for (String method : item.fieldNames()) {
                if (item.getValue(method) instanceof JsonObject operation) {
                    operation.put("security", security);
                }
            }
            merged.getJsonObject("paths").put(path, item);
        }
        JsonObject schemas = document.getJsonObject("components", new JsonObject()).getJsonObject("schemas", new JsonObject());
        JsonObject mergedSchemas = merged.getJsonObject("components").getJsonObject("schemas");
        for (String name : schemas.fieldNames()) {
            if (!mergedSchemas.containsKey(name)) {
                mergedSchemas.put(name, schemas.getValue(name));
            }
        }
    }
}
