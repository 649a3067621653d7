package dev.oubli.privacy.export;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;

/** Destroys expired bundles and their private keys on a schedule ({@code oubli.privacy.exports.destroy-every}). */
@ApplicationScoped
class ExportExpiry {

    private static final Logger LOG = Logger.getLogger(ExportExpiry.class);

    private final ExportService exports;

    ExportExpiry(ExportService exports) {
        this.exports = exports;
    }

    @Scheduled(every = "${oubli.privacy.exports.destroy-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> destroyExpired() {
        return exports.destroyExpired(Instant.now())
                .invoke(count -> {
                    if (count > 0) {
                        LOG.infof("Destroyed %d expired export(s)", count);
                    }
                })
                .replaceWithVoid();
    }
}
