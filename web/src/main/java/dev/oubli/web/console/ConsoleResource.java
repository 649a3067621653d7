package dev.oubli.web.console;

import dev.oubli.web.gateway.GatewayClient;
import dev.oubli.web.gateway.GatewayResponse;
import dev.oubli.web.page.Pages;
import dev.oubli.web.page.Tenant;
import dev.oubli.web.page.TenantDirectory;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
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

import java.time.Clock;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The privacy officer's console. Every call goes to the gateway with the person's own access token: a viewer's
 * page shows no action, and a viewer's forged post is refused by the API (shown as a clear page), not by this module.
 */
@Path("/console")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class ConsoleResource {

    private static final Set<String> STATUSES = Set.of("RECEIVED", "IDENTITY_PENDING", "IN_PROGRESS", "COMPLETED",
            "PARTIALLY_COMPLETED", "FAILED", "REJECTED", "CANCELLED");
    private static final Set<String> TYPES = Set.of("ACCESS", "PORTABILITY", "ERASURE", "RECTIFICATION", "RESTRICTION", "OBJECTION");
    private static final List<String> REJECTION_REASONS = List.of("MANIFESTLY_UNFOUNDED", "EXCESSIVE", "NO_MATCH", "INSUFFICIENT_IDENTIFICATION");
    private static final List<String> CANCELLATION_REASONS = List.of("WITHDRAWN", "DUPLICATE", "IDENTITY_NOT_VERIFIED");

    private static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile("^[a-z0-9][a-z0-9._-]{0,63}$");
    private static final List<String> CHANNELS = List.of("ANY", "EMAIL", "SMS", "PHONE", "CHAT");
    private static final List<String> GUARD_KINDS = List.of("CARD_NUMBER", "IBAN", "FRENCH_SOCIAL_SECURITY_NUMBER", "SECRET");
    private static final List<String> GUARD_ACTIONS = List.of("BLOCK", "REDACT", "WARN");

    private final Pages pages;
    private final Caller caller;
    private final FormTokens formTokens;
    private final GatewayClient gateway;
    private final TenantDirectory tenants;
    private final Clock clock;
    private final Template requests;
    private final Template request;
    private final Template audit;
    private final Template suppressions;
    private final Template refusal;
    private final Template subject;
    private final Template policies;

    ConsoleResource(Pages pages, Caller caller, FormTokens formTokens, GatewayClient gateway, TenantDirectory tenants,
                    @Location("console/requests.html") Template requests, @Location("console/request.html") Template request,
                    @Location("console/audit.html") Template audit,
                    @Location("console/suppressions.html") Template suppressions,
                    @Location("console/refusal.html") Template refusal,
                    @Location("console/subject.html") Template subject,
                    @Location("console/policies.html") Template policies) {
        this.subject = subject;
        this.policies = policies;
        this.pages = pages;
        this.caller = caller;
        this.formTokens = formTokens;
        this.gateway = gateway;
        this.tenants = tenants;
        this.clock = Clock.systemUTC();
        this.requests = requests;
        this.request = request;
        this.audit = audit;
        this.suppressions = suppressions;
        this.refusal = refusal;
    }

    @GET
    public Response home() {
        return Pages.seeOther("/console/requests");
    }

    /** The tenant's requests, soonest due first; overdue and due-within-7-days highlighted. */
    @GET
    @Path("/requests")
    public Uni<Response> requests(@QueryParam("status") String status, @QueryParam("type") String type,
                                  @QueryParam("dueBefore") String dueBefore, @QueryParam("overdue") String overdue) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("status", status != null && STATUSES.contains(status) ? status : null);
        query.put("type", type != null && TYPES.contains(type) ? type : null);
        query.put("dueBefore", isDate(dueBefore) ? dueBefore : null);
        query.put("overdue", "true".equals(overdue) ? "true" : null);
        query.put("limit", "200");
        return reader(tenant -> gateway.get("/api/privacy-requests", query, caller.accessToken(), pages.clientAddress()).flatMap(answer -> {
            if (!answer.ok()) {
                return refused(tenant, answer);
            }
            LocalDate today = LocalDate.now(clock);
            List<RequestRow> rows = answer.items().stream().map(item -> RequestRow.of((JsonObject) item, today))
                    .sorted(Comparator.comparing(RequestRow::dueOn).thenComparing(RequestRow::id)).toList();
            Map<String, Long> counts = new TreeMap<>();
            rows.forEach(row -> counts.merge(row.status(), 1L, Long::sum));
            Map<String, Object> data = new HashMap<>();
            data.put("rows", rows);
            data.put("counts", counts);
            data.put("overdueCount", rows.stream().filter(row -> row.urgency().equals("overdue")).count());
            data.put("dueSoonCount", rows.stream().filter(row -> row.urgency().equals("due-soon")).count());
            data.put("statuses", STATUSES.stream().sorted().toList());
            data.put("types", TYPES.stream().sorted().toList());
            data.put("filter", Map.of("status", query.get("status") == null ? "" : status,
                    "type", query.get("type") == null ? "" : type,
                    "dueBefore", query.get("dueBefore") == null ? "" : dueBefore,
                    "overdue", query.get("overdue") != null));
            data.put("more", answer.body().getString("next") != null);
            return render(requests, tenant, data);
        }));
    }

    /** One request: its facts, tasks, timeline from the audit log, and (for an officer) its actions. */
    @GET
    @Path("/requests/{id}")
    public Uni<Response> request(@PathParam("id") String id, @QueryParam("done") String done) {
        if (!TenantDirectory.isUuid(id)) {
            return reader(tenant -> refusal(tenant, 404, "notFound", ""));
        }
        return reader(tenant -> gateway.get("/api/privacy-requests/" + id, Map.of(), caller.accessToken(), pages.clientAddress()).flatMap(answer -> {
            if (!answer.ok()) {
                return refused(tenant, answer);
            }
            JsonObject found = answer.body();
            String type = found.getString("type", "");
            Uni<GatewayResponse> timeline = gateway.get("/api/audit-events", Map.of("requestId", id, "limit", "200"), caller.accessToken(), pages.clientAddress());
            Uni<GatewayResponse> export = caller.officer() && (type.equals("ACCESS") || type.equals("PORTABILITY"))
                    ? gateway.get("/api/privacy-requests/" + id + "/export", Map.of(), caller.accessToken(), pages.clientAddress())
                    : Uni.createFrom().item(new GatewayResponse(404, new JsonObject()));
            return Uni.combine().all().unis(timeline, export).asTuple().flatMap(both -> {
                Map<String, Object> data = new HashMap<>();
                data.put("r", Json.plain(found));
                data.put("events", both.getItem1().ok() ? Json.plain(both.getItem1().items()) : List.of());
                data.put("export", both.getItem2().ok() ? Json.plain(both.getItem2().body()) : Map.of());
                data.put("hasExport", both.getItem2().ok());
                data.put("hasExtension", found.getValue("extension") != null);
                data.put("certificate", type.equals("ERASURE")
                        && List.of("COMPLETED", "PARTIALLY_COMPLETED").contains(found.getString("status", "")));
                data.put("done", doneMessage(done));
                data.put("rejectionReasons", REJECTION_REASONS);
                data.put("cancellationReasons", CANCELLATION_REASONS);
                return render(request, tenant, data);
            });
        }));
    }

    /** An erasure's signed certificate as a JSON file, exactly as the API answers it (document and signature). */
    @GET
    @Path("/requests/{id}/certificate")
    @Produces({MediaType.APPLICATION_JSON, MediaType.TEXT_HTML})
    public Uni<Response> certificate(@PathParam("id") String id) {
        if (!TenantDirectory.isUuid(id)) {
            return reader(tenant -> refusal(tenant, 404, "notFound", ""));
        }
        return reader(tenant -> gateway.get("/api/privacy-requests/" + id + "/certificate", Map.of(), caller.accessToken(), pages.clientAddress())
                .flatMap(answer -> answer.ok()
                        ? Uni.createFrom().item(Response.ok(answer.body().encodePrettily(), MediaType.APPLICATION_JSON_TYPE)
                                .header("Content-Disposition", "attachment; filename=\"erasure-certificate-" + id + ".json\"").build())
                        : refused(tenant, answer)));
    }

    @POST
    @Path("/requests/{id}/extension")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> extend(@PathParam("id") String id, @RestForm String formToken, @RestForm String months,
                                @RestForm String reason) {
        JsonObject body = new JsonObject().put("months", "2".equals(months) ? 2 : 1).put("reason", reason == null ? "" : reason.trim());
        return act(id, formToken, "extension", body, "extended");
    }

    @POST
    @Path("/requests/{id}/rejection")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> reject(@PathParam("id") String id, @RestForm String formToken, @RestForm String reason) {
        return act(id, formToken, "rejection", new JsonObject().put("reason", reason == null ? "" : reason), "rejected");
    }

    @POST
    @Path("/requests/{id}/cancellation")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> cancel(@PathParam("id") String id, @RestForm String formToken, @RestForm String reason) {
        return act(id, formToken, "cancellation", new JsonObject().put("reason", reason == null ? "" : reason), "cancelled");
    }

    /**
     * Retries an owner's FAILED task (docs/adr/0041) once the officer ticked the confirmation; a viewer's forged post is
     * refused by the API. The request page then says the task was sent again.
     */
    @POST
    @Path("/requests/{id}/tasks/{owner}/retry")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> retry(@PathParam("id") String id, @PathParam("owner") String owner, @RestForm String formToken,
                               @RestForm String confirm) {
        if (!TenantDirectory.isUuid(id) || owner == null || !OWNER.matcher(owner).matches()) {
            return reader(tenant -> refusal(tenant, 404, "notFound", ""));
        }
        if (!"yes".equals(confirm)) {
            return tenant().flatMap(tenant -> formTokens.valid(caller.subject(), formToken)
                    ? refusal(tenant, 400, "refused", pages.texts().get("retryNotConfirmed"))
                    : refusal(tenant, 403, "forgedForm", ""));
        }
        return post(formToken, "/api/privacy-requests/" + id + "/tasks/" + owner + "/retry", new JsonObject(),
                "/console/requests/" + id + "?done=retried");
    }

    /** The audit chain verified against its newest anchor (officer only: a viewer gets the API's refusal). */
    @GET
    @Path("/audit")
    public Uni<Response> audit(@QueryParam("verify") String verify) {
        if (!"1".equals(verify)) {
            return reader(tenant -> render(audit, tenant, Map.of("verified", false, "result", Map.of())));
        }
        return reader(tenant -> gateway.get("/api/audit-events/verification", Map.of(), caller.accessToken(), pages.clientAddress())
                .flatMap(answer -> answer.ok()
                        ? render(audit, tenant, Map.of("verified", true, "result", Json.plain(answer.body())))
                        : refused(tenant, answer)));
    }

    @GET
    @Path("/suppressions")
    public Uni<Response> suppressions(@QueryParam("done") String done) {
        return reader(tenant -> gateway.get("/api/suppressions", Map.of(), caller.accessToken(), pages.clientAddress()).flatMap(answer -> {
            if (!answer.ok()) {
                return refused(tenant, answer);
            }
            Object entries = Json.plain(answer.body().getJsonArray("entries", new io.vertx.core.json.JsonArray()));
            return render(suppressions, tenant, Map.of("entries", entries,
                    "done", doneMessage(done)));
        }));
    }

    @POST
    @Path("/suppressions")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> suppress(@RestForm String formToken, @RestForm String email, @RestForm String phone,
                                  @RestForm String reason) {
        JsonObject subject = new JsonObject();
        if (email != null && !email.isBlank()) {
            subject.put("email", email.trim());
        }
        if (phone != null && !phone.isBlank()) {
            subject.put("phone", phone.trim());
        }
        JsonObject body = new JsonObject().put("subject", subject).put("reason", reason == null || reason.isBlank() ? "REQUESTED" : reason);
        return post(formToken, "/api/suppressions", body, "/console/suppressions?done=added");
    }

    @POST
    @Path("/suppressions/{id}/lift")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> lift(@PathParam("id") String id, @RestForm String formToken, @RestForm String reason) {
        if (!id.matches("[0-9]{1,18}")) {
            return reader(tenant -> refusal(tenant, 404, "notFound", ""));
        }
        return post(formToken, "/api/suppressions/" + id + "/lift", new JsonObject().put("reason", reason == null ? "" : reason),
                "/console/suppressions?done=lifted");
    }

    @GET
    @Path("/subjects")
    public Uni<Response> subjectForm() {
        return reader(tenant -> render(subject, tenant, Map.of("searched", false, "error", "")));
    }

    /**
     * A subject by email and/or phone (posted, never in a URL): consent history with proof, suppression state, and the
     * recorded pre-contact checks of the blind indexes the ledger and the suppression list know for them.
     */
    @POST
    @Path("/subjects")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> subject(@RestForm String formToken, @RestForm String email, @RestForm String phone) {
        return reader(tenant -> {
            if (!formTokens.valid(caller.subject(), formToken)) {
                return refusal(tenant, 403, "forgedForm", "");
            }
            JsonObject who = new JsonObject();
            if (email != null && !email.isBlank()) {
                who.put("email", email.trim());
            }
            if (phone != null && !phone.isBlank()) {
                who.put("phone", phone.trim());
            }
            if (who.isEmpty()) {
                return render(subject, tenant, Map.of("searched", false, "error", pages.texts().get("errorNoIdentifier")));
            }
            String token = caller.accessToken();
            return gateway.post("/api/consents/lookup", who, token, pages.clientAddress()).flatMap(consents -> {
                if (!consents.ok()) {
                    return refused(tenant, consents);
                }
                return gateway.post("/api/suppressions/check", who, token, pages.clientAddress()).flatMap(suppression -> {
                    if (!suppression.ok()) {
                        return refused(tenant, suppression);
                    }
                    // A change names an email index, a phone index or both: nulls are dropped below.
                    Set<String> indexes = new LinkedHashSet<>();
                    consents.body().getJsonArray("history", new JsonArray()).forEach(change -> {
                        indexes.add(((JsonObject) change).getString("emailIndex"));
                        indexes.add(((JsonObject) change).getString("phoneIndex"));
                    });
                    suppression.body().getJsonArray("entries", new JsonArray())
                            .forEach(entry -> indexes.add(((JsonObject) entry).getString("blindIndex")));
                    indexes.remove(null);
                    List<Uni<GatewayResponse>> lookups = indexes.stream().limit(4)
                            .map(index -> gateway.get("/api/contact-checks", Map.of("subjectIndex", index), token, pages.clientAddress()))
                            .toList();
                    Uni<List<Object>> checks = lookups.isEmpty() ? Uni.createFrom().item(List.of())
                            : Uni.join().all(lookups).andFailFast().map(answers -> answers.stream()
                            .filter(GatewayResponse::ok)
                            .flatMap(answer -> answer.body().getJsonArray("checks", new JsonArray()).stream())
                            .distinct().map(Json::plain).toList());
                    return checks.flatMap(found -> {
                        Map<String, Object> data = new HashMap<>();
                        data.put("searched", true);
                        data.put("error", "");
                        data.put("current", Json.plain(consents.body().getJsonArray("current", new JsonArray())));
                        data.put("history", Json.plain(consents.body().getJsonArray("history", new JsonArray())));
                        data.put("suppressed", suppression.body().getBoolean("suppressed", false));
                        data.put("restricted", consents.body().getBoolean("restricted", false));
                        data.put("entries", Json.plain(suppression.body().getJsonArray("entries", new JsonArray())));
                        data.put("checks", found);
                        return render(subject, tenant, data);
                    });
                });
            });
        });
    }

    /**
     * The tenant's policies: disclosure texts per agent and channel (privacy-service), the sensitive-data guard's mode
     * and the retention limits (knowledge-service), and the calling hours (privacy-service, docs/adr/0046).
     */
    @GET
    @Path("/policies")
    public Uni<Response> policies(@QueryParam("done") String done) {
        return reader(tenant -> policiesPage(tenant, 200, doneMessage(done), ""));
    }

    @POST
    @Path("/policies/disclosure")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> disclosure(@RestForm String formToken, @RestForm String agentId, @RestForm String channel,
                                    @RestForm String agentName, @RestForm String agentRole, @RestForm String companyName,
                                    @RestForm String template) {
        // The API validates both keys; its 400 is shown on the page.
        String agent = agentId == null || agentId.isBlank() ? "*" : agentId.trim();
        String on = channel == null || channel.isBlank() ? "ANY" : channel;
        JsonObject body = new JsonObject();
        putText(body, "agentName", agentName);
        putText(body, "agentRole", agentRole);
        putText(body, "companyName", companyName);
        putText(body, "template", template);
        String path = "/api/disclosure-policies/" + pathSegment(agent) + "/" + pathSegment(on);
        return changePolicy(formToken, path, body, "disclosureSaved");
    }

    @POST
    @Path("/policies/guard")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> guard(@RestForm String formToken, @RestForm("CARD_NUMBER") String card, @RestForm("IBAN") String iban,
                               @RestForm("FRENCH_SOCIAL_SECURITY_NUMBER") String nir, @RestForm("SECRET") String secret) {
        JsonObject actions = new JsonObject();
        Map<String, String> chosen = new LinkedHashMap<>();
        chosen.put("CARD_NUMBER", card);
        chosen.put("IBAN", iban);
        chosen.put("FRENCH_SOCIAL_SECURITY_NUMBER", nir);
        chosen.put("SECRET", secret);
        chosen.forEach((kind, action) -> {
            if (action != null && GUARD_ACTIONS.contains(action)) {
                actions.put(kind, action);
            }
        });
        return changePolicy(formToken, "/api/guard-policy", new JsonObject().put("actions", actions), "guardSaved");
    }

    @POST
    @Path("/policies/retention")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> retention(@RestForm String formToken, @RestForm String conversations, @RestForm String notes,
                                   @RestForm String documents) {
        JsonObject limits = new JsonObject();
        Map<String, String> given = new LinkedHashMap<>();
        given.put("conversations", conversations);
        given.put("notes", notes);
        given.put("documents", documents);
        for (Map.Entry<String, String> category : given.entrySet()) {
            String days = category.getValue() == null ? "" : category.getValue().trim();
            if (days.isEmpty()) {
                limits.putNull(category.getKey());
            } else if (days.matches("[0-9]{1,6}")) {
                limits.put(category.getKey(), Integer.parseInt(days));
            } else {
                return tenant().flatMap(tenant -> formTokens.valid(caller.subject(), formToken)
                        ? policiesPage(tenant, 400, "", pages.texts().get("errorRetentionDays"))
                        : refusal(tenant, 403, "forgedForm", ""));
            }
        }
        // The AI Brain's limits are the tenant's retention policy, held by privacy-service (docs/adr/0057).
        JsonObject days = new JsonObject().put("CONVERSATIONS", limits.getValue("conversations"))
                .put("NOTES", limits.getValue("notes")).put("DOCUMENTS", limits.getValue("documents"));
        return changePolicy(formToken, "/api/retention-policies", new JsonObject().put("days", days), "retentionSaved");
    }

    /** The tenant's own calling hours: each day's windows, comma separated, and the holiday calendar (docs/adr/0046). */
    @POST
    @Path("/policies/calling-hours")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> callingHours(@RestForm String formToken, @RestForm("MONDAY") String monday, @RestForm("TUESDAY") String tuesday,
                                      @RestForm("WEDNESDAY") String wednesday, @RestForm("THURSDAY") String thursday,
                                      @RestForm("FRIDAY") String friday, @RestForm("SATURDAY") String saturday,
                                      @RestForm("SUNDAY") String sunday, @RestForm String holidays) {
        JsonObject body = CallingHoursForm.body(CallingHoursForm.fields(monday, tuesday, wednesday, thursday, friday, saturday, sunday),
                holidays);
        return changePolicy(formToken, () -> gateway.put("/api/calling-hours", body, caller.accessToken(), pages.clientAddress()),
                "callingHoursSaved");
    }

    /** Back to the platform default. */
    @POST
    @Path("/policies/calling-hours/default")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Uni<Response> callingHoursDefault(@RestForm String formToken) {
        return changePolicy(formToken, () -> gateway.delete("/api/calling-hours", caller.accessToken(), pages.clientAddress()),
                "callingHoursReset");
    }

    private Uni<Response> changePolicy(String formToken, String path, JsonObject body, String done) {
        return changePolicy(formToken, () -> gateway.put(path, body, caller.accessToken(), pages.clientAddress()), done);
    }

    /** A change through the API with the person's token; its 400 is shown on the policies page, other refusals as their page. */
    private Uni<Response> changePolicy(String formToken, java.util.function.Supplier<Uni<GatewayResponse>> change, String done) {
        return tenant().flatMap(tenant -> {
            if (!formTokens.valid(caller.subject(), formToken)) {
                return refusal(tenant, 403, "forgedForm", "");
            }
            return change.get().flatMap(answer -> {
                if (answer.ok()) {
                    return Uni.createFrom().item(Pages.seeOther("/console/policies?done=" + done));
                }
                return answer.status() == 400
                        ? policiesPage(tenant, 400, "", answer.body().getString("detail", pages.texts().get("refusal_refused")))
                        : refused(tenant, answer);
            });
        });
    }

    private Uni<Response> policiesPage(Tenant tenant, int status, String done, String error) {
        String token = caller.accessToken();
        Uni<GatewayResponse> disclosures = gateway.get("/api/disclosure-policies", Map.of(), token, pages.clientAddress());
        Uni<GatewayResponse> guard = gateway.get("/api/guard-policy", Map.of(), token, pages.clientAddress());
        Uni<GatewayResponse> retention = gateway.get("/api/retention", Map.of(), token, pages.clientAddress());
        Uni<GatewayResponse> hours = gateway.get("/api/calling-hours", Map.of(), token, pages.clientAddress());
        return Uni.combine().all().unis(disclosures, guard, retention, hours).asTuple().flatMap(all -> {
            for (GatewayResponse answer : List.of(all.getItem1(), all.getItem2(), all.getItem3(), all.getItem4())) {
                if (!answer.ok()) {
                    return refused(tenant, answer);
                }
            }
            JsonObject actions = all.getItem2().body().getJsonObject("actions", new JsonObject());
            List<Map<String, Object>> guardRows = GUARD_KINDS.stream()
                    .map(kind -> Map.<String, Object>of("kind", kind, "action", actions.getString(kind, ""))).toList();
            JsonObject limits = all.getItem3().body();
            List<Map<String, Object>> retentionRows = List.of("conversations", "notes", "documents").stream()
                    .map(category -> Map.<String, Object>of("category", category, "label", pages.texts().get("retention_" + category),
                            "days", limits.getValue(category) == null ? "" : String.valueOf(limits.getValue(category)))).toList();
            Map<String, Object> data = new HashMap<>();
            data.put("disclosures", Json.plain(all.getItem1().body().getJsonArray("policies", new JsonArray())));
            data.put("guard", guardRows);
            data.put("guardActions", GUARD_ACTIONS);
            data.put("retention", retentionRows);
            data.put("hours", CallingHoursForm.view(all.getItem4().body(), pages.texts()));
            data.put("channels", CHANNELS);
            data.put("done", done);
            data.put("error", error);
            Map<String, Object> page = new HashMap<>(data);
            page.put("officer", caller.officer());
            page.put("formToken", formTokens.issue(caller.subject()));
            return pages.render(policies, status, tenant, page);
        });
    }

    private static String pathSegment(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static void putText(JsonObject body, String name, String value) {
        if (value != null && !value.isBlank()) {
            body.put(name, value.trim());
        }
    }

    private Uni<Response> act(String id, String formToken, String action, JsonObject body, String done) {
        if (!TenantDirectory.isUuid(id)) {
            return reader(tenant -> refusal(tenant, 404, "notFound", ""));
        }
        return post(formToken, "/api/privacy-requests/" + id + "/" + action, body, "/console/requests/" + id + "?done=" + done);
    }

    private Uni<Response> post(String formToken, String path, JsonObject body, String then) {
        return tenant().flatMap(tenant -> {
            if (!formTokens.valid(caller.subject(), formToken)) {
                return refusal(tenant, 403, "forgedForm", "");
            }
            return gateway.post(path, body, caller.accessToken(), pages.clientAddress())
                    .flatMap(answer -> answer.ok() ? Uni.createFrom().item(Pages.seeOther(then)) : refused(tenant, answer));
        });
    }

    /** Runs a page for a person who may read the console (privacy-officer or viewer); anyone else gets a clear 403. */
    private Uni<Response> reader(Function<Tenant, Uni<Response>> page) {
        return tenant().flatMap(tenant -> caller.mayRead() ? page.apply(tenant) : refusal(tenant, 403, "noRole", ""));
    }

    private Uni<Tenant> tenant() {
        String tenantId = caller.tenantId();
        return tenants.find(tenantId, pages.clientAddress()).map(found -> found.orElse(new Tenant(tenantId, null, null)));
    }

    private Uni<Response> render(Template template, Tenant tenant, Map<String, Object> data) {
        Map<String, Object> all = new HashMap<>(data);
        all.put("officer", caller.officer());
        all.put("formToken", formTokens.issue(caller.subject()));
        return pages.render(template, 200, tenant, all);
    }

    private Uni<Response> refused(Tenant tenant, GatewayResponse answer) {
        String detail = answer.body().getString("detail", "");
        return switch (answer.status()) {
            case 401 -> refusal(tenant, 401, "sessionExpired", "");
            case 403 -> refusal(tenant, 403, "forbidden", "");
            case 404 -> refusal(tenant, 404, "notFound", "");
            case 400, 409, 410 -> refusal(tenant, answer.status(), "refused", detail);
            default -> refusal(tenant, 503, "unavailable", "");
        };
    }

    private Uni<Response> refusal(Tenant tenant, int status, String kind, String detail) {
        return pages.render(refusal, status, tenant, Map.of("officer", caller.officer(),
                "title", pages.texts().get("refusalTitle_" + kind), "message", pages.texts().get("refusal_" + kind),
                "detail", detail));
    }

    private String doneMessage(String done) {
        return done == null ? "" : pages.texts().getOrDefault("done_" + done, "");
    }

    private static boolean isDate(String value) {
        if (value == null || !value.matches("\\d{4}-\\d{2}-\\d{2}")) {
            return false;
        }
        try {
            LocalDate.parse(value);
            return true;
        } catch (java.time.format.DateTimeParseException e) {
            return false;
        }
    }
}
