package dev.oubli.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Settings of the outbox relay of a service. */
@ConfigMapping(prefix = "oubli.outbox")
public interface OutboxConfig {

    /** Kafka bootstrap servers the relay publishes to. */
    @WithDefault("${kafka.bootstrap.servers}")
    String bootstrapServers();

    /** The CloudEvents {@code source} of what this service publishes: its name. */
    @WithDefault("${quarkus.application.name}")
    String source();

    Relay relay();

    interface Relay {

        /** Whether this instance runs a relay (several instances may: rows are claimed with SKIP LOCKED). */
        @WithDefault("true")
        boolean enabled();

        /** Longest wait for new events when no NOTIFY arrives: the polling fallback. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most events claimed and published in one transaction. */
        @WithDefault("500")
        int batchSize();

        /** How long published rows are kept (for diagnosis) before they are removed. */
        @WithDefault("1h")
        Duration retention();

        /** Wait after a failure (database or broker unreachable) before trying again. */
        @WithDefault("2s")
        Duration retryDelay();
    }
}
