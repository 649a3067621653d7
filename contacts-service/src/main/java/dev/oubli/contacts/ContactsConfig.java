package dev.oubli.contacts;

import io.smallrye.config.ConfigMapping;

/** The settings of contacts-service (application.properties documents each default). */
@ConfigMapping(prefix = "oubli.contacts")
public interface ContactsConfig {

    /** ISO 3166 region used to read phone numbers written without a country code, for example FR. */
    String defaultPhoneRegion();
}
