package dev.oubli.contacts;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.nio.file.Path;

/** The settings of contacts-service (application.properties documents each default). */
@ConfigMapping(prefix = "oubli.contacts")
public interface ContactsConfig {

    /** ISO 3166 region used to read phone numbers written without a country code, for example FR. */
    String defaultPhoneRegion();

    /** How import uploads are received (docs/adr/0022). */
    @WithName("import")
    Imports imports();

    /** The retention purge of contacts without activity and ended imports' reports (docs/adr/0057). */
    Retention retention();

    interface Retention {

        /** How often it runs ({@code off} disables it, as the tests do). */
        @WithDefault("1h")
        String purgeEvery();

        /** Rows deleted per transaction. */
        @WithDefault("5000")
        int batchSize();
    }

    interface Imports {

        /** The largest upload one import accepts; beyond it, 413. */
        @WithDefault("1G")
        MemorySize maxUploadSize();

        /** The disk space all uploads being received or waiting for their job may hold together; beyond it, 503. */
        @WithDefault("4G")
        MemorySize maxSpoolSize();

        /** Where uploads are spooled (created 0700, files 0600); on encrypted storage. Emptied at start. */
        @WithDefault("${java.io.tmpdir}/contacts-service-imports")
        Path uploadDir();
    }
}
