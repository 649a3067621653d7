package dev.oubli.web.portal;

import dev.oubli.web.gateway.GatewayClient;
import dev.oubli.web.gateway.GatewayResponse;
import dev.oubli.web.page.Pages;
import dev.oubli.web.page.Tenant;
import dev.oubli.web.page.TenantDirectory;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The data subject's portal of one tenant: pick a right, give an email and/or a phone, prove each with its one-time
 * code. Public: the privacy API proves the identifiers and limits the rate; this module only shows its answers.
 */
@Path("/portal/{tenant}")
@Produces(MediaType.TEXT_HTML)
@PermitAll
public class PortalResource {

    private final Pages pages;
    private final TenantDirectory tenants;
    private final GatewayClient gateway;
    private final Template home;
    private final Template form;
    private final Template verification;
    private final Template outcome;
    private final Template certificate;
    private final Template status;

    PortalResource(Pages pages, TenantDirectory tenants, GatewayClient gateway,
                   @Location("portal/home.html") Template home, @Location("portal/form.html") Template form,
                   @Location("portal/verification.html") Template verification,
                   @Location("portal/outcome.html") Template outcome,
                   @Location("portal/certificate.html") Template certificate,
                   @Location("portal/status.html") Template status) {
        this.status = status;
        this.pages = pages;
        this.tenants = tenants;
        this.gateway = gateway;
        this.home = home;
        this.form = form;
        this.verification = verification;
        this.outcome = outcome;
        this.certificate = certificate;
    }

    @GET
    public Uni<Response> home(@PathParam("tenant") String tenantId) {
        return withTenant(tenantId, tenant -> pages.render(home, 200, tenant, Map.of("rights",
                java.util.Arrays.stream(Right.values()).map(this::view).toList())));
    }

    @GET
    @Path("/rights/{right}")
    public Uni<Response> form(@PathParam("tenant") String tenantId, @PathParam("right") String slug) {
        Right right = Right.fromSlug(slug);
        return withTenant(tenantId, tenant -> right == null
                ? outcome(tenant, 404, "notFound")
                : showForm(tenant, right, 200, null, Map.of()));
    }

    @POST
    @Path("/rights/{right}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> submit(@PathParam("tenant") String tenantId, @PathParam("right") String slug,
                                @RestForm String email, @RestForm String phone,
                                @RestForm("fix_firstName") String fixFirstName, @RestForm("fix_lastName") String fixLastName,
                                @RestForm("fix_email") String fixEmail, @RestForm("fix_phone") String fixPhone,
                                @RestForm("fix_company") String fixCompany, @RestForm("fix_jobTitle") String fixJobTitle) {
        Right right = Right.fromSlug(slug);
        return withTenant(tenantId, tenant -> {
            if (right == null) {
                return outcome(tenant, 404, "notFound");
            }
            Map<String, String> entered = new HashMap<>();
            putIfGiven(entered, "firstName", fixFirstName);
            putIfGiven(entered, "lastName", fixLastName);
            putIfGiven(entered, "email", fixEmail);
            putIfGiven(entered, "phone", fixPhone);
            putIfGiven(entered, "company", fixCompany);
            putIfGiven(entered, "jobTitle", fixJobTitle);
            boolean hasEmail = email != null && !email.isBlank();
            boolean hasPhone = phone != null && !phone.isBlank();
            if (!hasEmail && !hasPhone) {
                return showForm(tenant, right, 400, "errorNoIdentifier", entered);
            }
            if (right.rectification() && entered.isEmpty()) {
                return showForm(tenant, right, 400, "errorNoCorrection", entered);
            }
            JsonObject body = new JsonObject().put("type", right.name());
            if (hasEmail) {
                body.put("email", email.trim());
            }
            if (hasPhone) {
                body.put("phone", phone.trim());
            }
            if (right.rectification()) {
                body.put("corrections", new JsonObject(new HashMap<>(entered)));
            }
            return gateway.post("/public/tenants/" + tenant.id() + "/privacy-requests", body, null, pages.clientAddress())
                    .flatMap(answer -> {
                        if (answer.ok()) {
                            String with = hasEmail && hasPhone ? "both" : hasEmail ? "email" : "phone";
                            return Uni.createFrom().item(Pages.seeOther("/portal/" + tenant.id() + "/verification/"
                                    + answer.body().getString("id") + "?with=" + with));
                        }
                        if (answer.status() == 400) {
                            return showForm(tenant, right, 400, "errorInvalid", entered);
                        }
                        return refusal(tenant, answer);
                    });
        });
    }

    @GET
    @Path("/verification/{id}")
    public Uni<Response> verification(@PathParam("tenant") String tenantId, @PathParam("id") String id,
                                      @QueryParam("with") String with) {
        return withTenant(tenantId, tenant -> TenantDirectory.isUuid(id)
                ? showVerification(tenant, id, with, 200, null, null)
                : outcome(tenant, 404, "notFound"));
    }

    @POST
    @Path("/verification/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verify(@PathParam("tenant") String tenantId, @PathParam("id") String id,
                                @RestForm String with, @RestForm String code, @RestForm String emailCode,
                                @RestForm String phoneCode) {
        return withTenant(tenantId, tenant -> {
            if (!TenantDirectory.isUuid(id)) {
                return outcome(tenant, 404, "notFound");
            }
            JsonObject body = new JsonObject();
            if ("both".equals(with)) {
                body.put("emailCode", trimmed(emailCode)).put("phoneCode", trimmed(phoneCode));
            } else {
                body.put("code", trimmed(code));
            }
            return gateway.post("/public/tenants/" + tenant.id() + "/privacy-requests/" + id + "/verification", body, null,
                            pages.clientAddress())
                    .flatMap(answer -> {
                        if (answer.ok()) {
                            String status = answer.body().getString("status", "");
                            String statusToken = answer.body().getString("statusToken");
                            if (isToken(statusToken)) {
                                return Uni.createFrom().item(Pages.seeOther(statusPath(tenant, statusToken) + "?new=1"));
                            }
                            return outcome(tenant, 200, "verified",
                                    pages.texts().getOrDefault("status_" + status, status));
                        }
                        return switch (answer.problem()) {
                            case "verification-code-invalid", "identifier-not-verified", "invalid-request" ->
                                    showVerification(tenant, id, with, 400, "errorWrongCode", answer.body().getString("detail"));
                            case "verification-attempts-exhausted" -> outcome(tenant, 403, "exhausted");
                            case "verification-code-expired" -> outcome(tenant, 410, "expired");
                            case "already-verified", "request-settled" -> outcome(tenant, 409, "alreadyVerified");
                            default -> refusal(tenant, answer);
                        };
                    });
        });
    }

    /**
     * The private status page: the token in the path is the only key (the API gets it in a body, never in a URL);
     * {@code new=1} after verification tells the subject to keep the link.
     */
    @GET
    @Path("/status/{token}")
    public Uni<Response> status(@PathParam("tenant") String tenantId, @PathParam("token") String token,
                                @QueryParam("new") String fresh) {
        return withTenant(tenantId, tenant -> !isToken(token) ? outcome(tenant, 404, "statusUnknown")
                : statusOf(tenant, token).flatMap(answer -> {
                    if (answer.ok()) {
                        return pages.render(status, 200, tenant, StatusView.of(answer.body(), pages.texts(),
                                statusPath(tenant, token), "1".equals(fresh)));
                    }
                    if (answer.status() == 404 || answer.status() == 400) {
                        return outcome(tenant, 404, "statusUnknown");
                    }
                    return refusal(tenant, answer);
                }));
    }

    /** The erasure certificate as a file, exactly as signed, to keep or to hand to someone who checks it. */
    @GET
    @Path("/status/{token}/certificate")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Uni<Response> certificateFile(@PathParam("tenant") String tenantId, @PathParam("token") String token) {
        return withTenant(tenantId, tenant -> !isToken(token) ? outcome(tenant, 404, "statusUnknown")
                : statusOf(tenant, token).flatMap(answer -> {
                    JsonObject certificateJson = answer.ok() ? answer.body().getJsonObject("certificate") : null;
                    if (certificateJson == null) {
                        return answer.ok() || answer.status() == 404 || answer.status() == 400
                                ? outcome(tenant, 404, "statusUnknown") : refusal(tenant, answer);
                    }
                    return Uni.createFrom().item(Response.ok(certificateJson.encodePrettily(), MediaType.APPLICATION_JSON_TYPE)
                            .header("Content-Disposition", "attachment; filename=\"erasure-certificate-"
                                    + answer.body().getString("id", "request") + ".json\"").build());
                }));
    }

    /** The privacy API's answer for a status token, sent in a body (never in the API's URL). */
    private Uni<GatewayResponse> statusOf(Tenant tenant, String token) {
        return gateway.post("/public/tenants/" + tenant.id() + "/privacy-requests/status", new JsonObject().put("token", token),
                null, pages.clientAddress());
    }

    static boolean isToken(String token) {
        return token != null && token.matches("[A-Za-z0-9_-]{32,100}");
    }

    private static String statusPath(Tenant tenant, String token) {
        return "/portal/" + tenant.id() + "/status/" + token;
    }

    @GET
    @Path("/certificate")
    public Uni<Response> certificateForm(@PathParam("tenant") String tenantId) {
        return withTenant(tenantId, tenant -> pages.render(certificate, 200, tenant, Map.of("result", "")));
    }

    /** Checks a pasted erasure certificate ({@code {"document": …, "signature": …}}) against the signing key. */
    @POST
    @Path("/certificate")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> verifyCertificate(@PathParam("tenant") String tenantId, @RestForm String pasted) {
        return withTenant(tenantId, tenant -> {
            JsonObject certificateJson = parseCertificate(pasted);
            if (certificateJson == null) {
                return pages.render(certificate, 400, tenant, Map.of("result", "malformed"));
            }
            return gateway.post("/public/erasure-certificates/verification", certificateJson, null, pages.clientAddress())
                    .flatMap(answer -> {
                        if (answer.ok()) {
                            return pages.render(certificate, 200, tenant,
                                    Map.of("result", answer.body().getBoolean("valid", false) ? "valid" : "invalid"));
                        }
                        if (answer.status() == 400) {
                            return pages.render(certificate, 400, tenant, Map.of("result", "malformed"));
                        }
                        return refusal(tenant, answer);
                    });
        });
    }

    static JsonObject parseCertificate(String pasted) {
        if (pasted == null || pasted.isBlank() || pasted.length() > 200_000) {
            return null;
        }
        try {
            JsonObject json = new JsonObject(pasted.trim());
            Object document = json.getValue("document");
            Object signature = json.getValue("signature");
            // As privacy-service issues it: the signed document is a JSON text, not an object.
            if (!(document instanceof String) || !(signature instanceof String)) {
                return null;
            }
            return new JsonObject().put("document", document).put("signature", signature);
        } catch (RuntimeException notJson) {
            return null;
        }
    }

    private Uni<Response> withTenant(String tenantId, Function<Tenant, Uni<Response>> page) {
        return tenants.find(tenantId, pages.clientAddress()).flatMap(found -> found.isPresent()
                ? page.apply(found.get())
                : outcome(null, 404, "unknownTenant"));
    }

    private Uni<Response> showForm(Tenant tenant, Right right, int status, String error, Map<String, String> entered) {
        Map<String, Object> data = new HashMap<>();
        data.put("right", view(right));
        data.put("error", error == null ? "" : pages.texts().get(error));
        data.put("fields", Right.CORRECTABLE.stream().map(field -> new Field("fix_" + field,
                pages.texts().get("field_" + field), entered.getOrDefault(field, ""))).toList());
        return pages.render(form, status, tenant, data);
    }

    private Uni<Response> showVerification(Tenant tenant, String id, String with, int status, String error, String detail) {
        String channels = "both".equals(with) || "phone".equals(with) ? with : "email";
        Map<String, Object> data = new HashMap<>();
        data.put("id", id);
        data.put("with", channels);
        data.put("help", pages.texts().get("verificationHelp_" + channels));
        data.put("error", error == null ? "" : pages.texts().get(error));
        data.put("detail", detail == null ? "" : detail);
        return pages.render(verification, status, tenant, data);
    }

    private Uni<Response> outcome(Tenant tenant, int status, String kind) {
        return outcome(tenant, status, kind, "");
    }

    private Uni<Response> outcome(Tenant tenant, int status, String kind, String requestStatus) {
        return pages.render(outcome, status, tenant, Map.of("kind", kind, "status", requestStatus,
                "title", pages.texts().get("outcomeTitle_" + kind), "message", pages.texts().get("outcome_" + kind)));
    }

    private RightView view(Right right) {
        return new RightView(right.slug(), pages.texts().get("right_" + right.slug()),
                pages.texts().get("rightHelp_" + right.slug()), right.rectification());
    }

    /** A right as its page shows it, in the page's language. */
    public record RightView(String slug, String name, String help, boolean rectification) {
    }

    /** A corrected value's input on the rectification form. */
    public record Field(String input, String label, String value) {
    }

    /** A refusal the page cannot fix by asking again: rate limit, unknown tenant, a service unavailable. */
    private Uni<Response> refusal(Tenant tenant, GatewayResponse answer) {
        return switch (answer.status()) {
            case 429 -> outcome(tenant, 429, "rateLimited");
            case 404 -> outcome(null, 404, "unknownTenant");
            default -> outcome(tenant, 503, "unavailable");
        };
    }

    private static void putIfGiven(Map<String, String> map, String key, String value) {
        if (value != null && !value.isBlank()) {
            map.put(key, value.trim());
        }
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.replaceAll("\\s", "");
    }
}
