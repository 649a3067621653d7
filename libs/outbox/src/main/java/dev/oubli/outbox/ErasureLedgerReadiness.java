package dev.oubli.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * DOWN until the start-up pass over the ledger of erasures is done: an owner whose restored data predates an erasure
 * serves no traffic before it applied it again (docs/adr/0052).
 */
@Readiness
@ApplicationScoped
class ErasureLedgerReadiness implements HealthCheck {

    private final ErasureLedgerReplay replay;

    ErasureLedgerReadiness(ErasureLedgerReplay replay) {
        this.replay = replay;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("erasure-ledger").status(replay.done())
                .withData("read", replay.read()).withData("reapplied", replay.reapplied()).build();
    }
}
