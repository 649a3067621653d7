package dev.oubli.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN when the outbox relay has completed no pass for {@code oubli.outbox.relay.stuck-after}: this instance
 * accepts changes whose events would not leave it (docs/adr/0042).
 */
@Readiness
@ApplicationScoped
class OutboxRelayReadiness implements HealthCheck {

    private final OutboxRelay relay;

    OutboxRelayReadiness(OutboxRelay relay) {
        this.relay = relay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("outbox-relay").status(!relay.stuck()).build();
    }
}
