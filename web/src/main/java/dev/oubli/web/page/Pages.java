package dev.oubli.web.page;

import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * Renders a page in the caller's language with what every page shows: the texts, the language switch, the tenant.
 * Templates are Qute files in {@code templates/}; every value is escaped (tenant text is data, never template).
 */
@RequestScoped
public class Pages {

    private final HttpServerRequest request;
    private final Messages messages;
    private Language language;

    Pages(HttpServerRequest request, Messages messages) {
        this.request = request;
        this.messages = messages;
    }

    public Language language() {
        if (language == null) {
            Cookie cookie = request.getCookie(Language.COOKIE);
            language = Language.choose(request.getParam("lang"), cookie == null ? null : cookie.getValue(),
                    request.getHeader("Accept-Language"));
        }
        return language;
    }

    public Map<String, String> texts() {
        return messages.of(language());
    }

    public Uni<Response> render(Template template, int status, Tenant tenant, Map<String, Object> data) {
        TemplateInstance instance = template.instance()
                .data("t", texts())
                .data("lang", language().code())
                .data("switchLang", language().other().code())
                .data("switchUrl", switchUrl())
                .data("tenant", tenant);
        data.forEach(instance::data);
        return instance.createUni().map(html -> {
            Response.ResponseBuilder response = Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                    .entity(html);
            if (Language.parse(request.getParam("lang")) != null) {
                response.cookie(new NewCookie.Builder(Language.COOKIE).value(language().code()).path("/")
                        .maxAge(31_536_000).sameSite(NewCookie.SameSite.LAX).httpOnly(true).build());
            }
            return response.build();
        });
    }

    /**
     * A relative Location: behind the gateway this module may not see the browser's host, and an absolute URL to its
     * own address would leave the gateway's origin (which the CSP's form-action forbids after a form post).
     */
    public static Response seeOther(String location) {
        return Response.status(Response.Status.SEE_OTHER).header("Location", location).build();
    }

    /** The current path with {@code lang} set to the other language (other query parameters are kept). */
    private String switchUrl() {
        StringBuilder url = new StringBuilder(request.path()).append("?lang=").append(language().other().code());
        request.params().forEach(entry -> {
            if (!"lang".equals(entry.getKey()) && entry.getKey().matches("[a-zA-Z]{1,20}") && request.method().name().equals("GET")) {
                url.append('&').append(entry.getKey()).append('=')
                        .append(java.net.URLEncoder.encode(entry.getValue(), java.nio.charset.StandardCharsets.UTF_8));
            }
        });
        return url.toString();
    }

    /** The browser's address as the web module sees it (proxy headers believed from trusted proxies only). */
    public String clientAddress() {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}
