package dev.oubli.knowledge;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/** The one clock of the service: timestamps and retention ages read it, so tests can move time. */
@ApplicationScoped
class KnowledgeClock {

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }
}
