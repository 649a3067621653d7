package dev.oubli.knowledge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The settings of knowledge-service (application.properties documents each default). */
@ConfigMapping(prefix = "oubli.knowledge")
public interface KnowledgeConfig {

    /** ISO 3166 region used to read phone numbers written without a country code, in identifiers and in text. */
    String defaultPhoneRegion();

    /** Rows removed per transaction by a retention purge: bounds lock time and transaction size. */
    @WithDefault("10000")
    int purgeBatchSize();

    /** How often the retention purge runs ({@code 1h}, or {@code off}); read by its {@code @Scheduled}. */
    @WithDefault("1h")
    String purgeInterval();

    /** privacy-service's base URL: where an agent's pre-contact check is verified (ADR 0048). */
    String privacyServiceUrl();

    /** How an agent's pre-contact check is verified (ADR 0048). */
    InteractionCheck interactionCheck();

    interface InteractionCheck {

        /** A check older than this no longer allows an interaction (422 check-stale). */
        @WithDefault("24h")
        Duration maxAge();

        /** privacy-service answers within this, or the interaction is refused (503 check-unavailable). */
        @WithDefault("2s")
        Duration timeout();
    }

    /** Bounds on reading an uploaded document (docs/adr/0023). */
    Documents documents();

    interface Documents {

        /** A PDF of more pages is refused (413). */
        @WithDefault("2000")
        int maxPages();

        /** A document whose text (extracted, or as sent) is longer is refused (413). */
        @WithDefault("1000000")
        int maxTextCharacters();

        /**
         * The streams of a PDF, decompressed, may add up to this many bytes (the check's own measure, before the text is
         * read); past it the file is refused (413): a decompression bomb.
         */
        @WithDefault("134217728")
        long maxDecodedBytes();

        /** Reading a PDF's text may take this long; past it the file is refused (422). */
        @WithDefault("30s")
        Duration maxParseTime();

        /** Documents read at once (HTML and PDF, on worker threads of their own); others wait their turn. */
        @WithDefault("2")
        int concurrentParses();
    }
}
