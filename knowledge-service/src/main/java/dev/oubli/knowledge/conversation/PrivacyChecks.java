package dev.oubli.knowledge.conversation;

import dev.oubli.knowledge.KnowledgeConfig;
import dev.oubli.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.ext.web.client.HttpResponse;
import io.vertx.mutiny.ext.web.client.WebClient;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Asks privacy-service ({@code GET /api/contact-checks/{checkId}}) with the
 * caller's own bearer token (no credential of its own) whether the check an agent's outbound interaction names allowed it (ADR 0048).
 */
@Singleton
class PrivacyChecks {

    private final WebClient client;
    private final long timeoutMillis;
    private final Duration maxAge;
    private final Clock clock;

    PrivacyChecks(Vertx vertx, KnowledgeConfig config, Clock clock) {
        URI privacy = URI.create(config.privacyServiceUrl());
        this.timeoutMillis = config.interactionCheck().timeout().toMillis();
        this.maxAge = config.interactionCheck().maxAge();
        this.clock = clock;
        this.client = WebClient.create(vertx, new WebClientOptions()
                .setDefaultHost(privacy.getHost())
                .setDefaultPort(privacy.getPort() > 0 ? privacy.getPort() : ("https".equals(privacy.getScheme()) ? 443 : 80))
                .setSsl("https".equals(privacy.getScheme()))
                .setConnectTimeout((int) timeoutMillis)
                .setUserAgent("knowledge-service"));
    }

    /**
     * Fails with a problem unless the tenant's check {@code checkId}, of this agent, ALLOWED the contact on
     * {@code channel} not longer than the configured age ago, with disclosure {@code version}.
     */
    Uni<Void> verify(String bearer, UUID checkId, String version, Channel channel) {
        return client.get("/api/contact-checks/" + checkId).timeout(timeoutMillis)
                .putHeader("Accept", "application/json, application/problem+json")
                .bearerTokenAuthentication(bearer)
                .send()
                .onFailure().transform(e -> unavailable())
                .invoke(response -> judge(response, version, channel))
                .replaceWithVoid();
    }

    private void judge(HttpResponse<Buffer> response, String version, Channel channel) {
        judge(response.statusCode(), response.body(), version, channel, maxAge, clock.instant());
    }

    /** What privacy-service's answer says, read whole before any rule is applied. */
    private record Answer(String decision, String channel, String disclosureVersion, Instant checkedAt) {
    }

    /**
     * Judges privacy-service's answer ({@code status}, {@code body}) at {@code now}: nothing when the check allows the
     * contact, else the problem to answer. An answer that cannot be read whole (not JSON, a field of the wrong type, a
     * {@code checkedAt} that is no instant) is privacy-service's fault, not the caller's: 503 check-unavailable.
     */
    static void judge(int status, Buffer body, String version, Channel channel, Duration maxAge, Instant now) {
        if (status == 404) {
            throw new ProblemException(400, "check-unknown", "Unknown pre-contact check",
                    "privacy-service has no check of this agent with this checkId.");
        }
        if (status != 200) {
            throw unavailable();
        }
        Answer check;
        try {
            JsonObject json = body.toJsonObject();
            check = new Answer(json.getString("decision"), json.getString("channel"), json.getString("disclosureVersion"),
                    Instant.parse(json.getString("checkedAt")));
        } catch (RuntimeException unreadable) {
            throw unavailable();
        }
        if (!"ALLOWED".equals(check.decision())) {
            throw new ProblemException(422, "check-refused", "The pre-contact check refused this contact",
                    "The check this checkId names was REFUSED: the agent may not reach out.");
        }
        if (channel != null && !channel.name().equals(check.channel())) {
            throw mismatch("The check was for another channel.");
        }
        if (!String.valueOf(check.disclosureVersion()).equals(version)) {
            throw mismatch("disclosureVersion is not the version the check answered.");
        }
        if (check.checkedAt().plus(maxAge).isBefore(now)) {
            throw new ProblemException(422, "check-stale", "The pre-contact check is too old",
                    "The check was made more than " + maxAge + " ago; check again before reaching out.");
        }
    }

    private static ProblemException mismatch(String detail) {
        return new ProblemException(422, "check-mismatch", "The pre-contact check does not match", detail);
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "check-unavailable", "The pre-contact check cannot be verified now",
                "privacy-service did not answer in time; nothing was recorded. Try again shortly.").retryAfter(5);
    }

    @PreDestroy
    void close() {
        client.close();
    }
}
