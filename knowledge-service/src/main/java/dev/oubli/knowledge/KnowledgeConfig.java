package dev.oubli.knowledge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

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
}
