package dev.oubli.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Settings of the outbox relay and of the event consumers of a service. */
@ConfigMapping(prefix = "oubli.outbox")
public interface OutboxConfig {

    /** Kafka bootstrap servers the relay publishes to. */
    @WithDefault("${kafka.bootstrap.servers}")
    String bootstrapServers();

    /** The CloudEvents {@code source} of what this service publishes: its name. */
    @WithDefault("${quarkus.application.name}")
    String source();

    /**
     * Producer settings of the relay ({@code oubli.outbox.producer."security.protocol"=SASL_SSL}, SASL, TLS,
     * timeouts), over the {@code kafka.*} settings of the service. Idempotence, acks and serializers stay fixed.
     */
    Map<String, String> producer();

    Relay relay();

    Consumer consumer();

    interface Relay {

        /** Whether this instance runs a relay (several instances may: rows are claimed with SKIP LOCKED). */
        @WithDefault("true")
        boolean enabled();

        /** Longest wait for new events when no NOTIFY arrives: the polling fallback. */
        @WithDefault("1s")
        Duration pollInterval();

        /** Most events claimed and published in one pass (one transaction). */
        @WithDefault("500")
        int batchSize();

        /** How long published rows are kept (for diagnosis) before they are removed. */
        @WithDefault("1h")
        Duration retention();

        /** Wait after a failure of the database or of the whole broker before trying again. */
        @WithDefault("2s")
        Duration retryDelay();

        /** Attempts at one row the broker refuses before it is parked (a permanent refusal parks at once). */
        @WithDefault("10")
        int maxAttempts();

        /** Wait before the second attempt at a refused row; doubled at each attempt up to {@link #retryBackoffMax()}. */
        @WithDefault("1s")
        Duration retryBackoff();

        @WithDefault("5m")
        Duration retryBackoffMax();

        /** How often the backlog, oldest-row age and parked-row gauges are read from the table. */
        @WithDefault("15s")
        Duration metricsInterval();

        /** Readiness fails when the relay has completed no pass for this long (database or every broker unreachable). */
        @WithDefault("2m")
        Duration stuckAfter();

        /**
         * Topics whose records of one key do not depend on each other's order (each stands alone, e.g. privacy-service's
         * audit anchors, where the highest seq wins): a pass hands all of such a key's rows to the producer at once
         * instead of one per round, each round waiting for the broker (ADR 0053). Their rows still go out in order
         * (idempotent producer); what such a topic gives up is only that a refused row holds its key's later rows back.
         */
        Optional<Set<String>> unorderedTopics();
    }

    /** How {@link EventHandling} retries a consumer's failures. */
    interface Consumer {

        /** First wait after a failure; doubled at each retry up to {@link #retryBackoffMax()}. */
        @WithDefault("200ms")
        Duration retryBackoff();

        /** Longest wait between two retries of a transient failure (database or broker unavailable): retried for ever. */
        @WithDefault("30s")
        Duration retryBackoffMax();

        /** Attempts at a failure that is neither transient nor known to be permanent before the record is dead-lettered. */
        @WithDefault("5")
        int maxAttempts();

        /**
         * How long an applied event is remembered (inbox row) against redelivery: longer than any record can come back,
         * from its topic (7 days at most) or replayed from a dead-letter topic (kept 14 days), so none is applied twice.
         */
        @WithDefault("15d")
        Duration inboxRetention();
    }
}
