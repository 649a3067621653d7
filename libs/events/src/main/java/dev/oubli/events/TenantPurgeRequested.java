package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Objects;

/**
 * A terminated tenant's grace period is over: every owner deletes all of the tenant's rows (docs/adr/0051). The tenant
 * is the event's {@code tenantid} attribute, never a field. Each owner answers with {@link TenantPurged}, except to a
 * {@code certified} request: privacy-service has then signed the purge certificate, and the owners only remove what
 * their own answer left (its outbox row) without answering again.
 *
 * @param attempt   1, then +1 each time privacy-service publishes it again because an answer is late
 * @param certified true once the purge certificate is signed: delete what is left, answer nothing
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantPurgeRequested(int attempt, boolean certified, Instant requestedAt) implements OubliEvent {

    public TenantPurgeRequested {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1");
        }
        Objects.requireNonNull(requestedAt, "requestedAt");
    }
}
