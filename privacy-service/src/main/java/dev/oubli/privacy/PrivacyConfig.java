package dev.oubli.privacy;

import dev.oubli.events.RequestType;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;
import java.util.Set;

/** The settings of privacy-service, {@code oubli.privacy.*} in application.properties. */
@ConfigMapping(prefix = "oubli.privacy")
public interface PrivacyConfig {

    /**
     * The registry of data owners: each owner's service name and the request types it handles, for example
     * {@code oubli.privacy.owners.contacts-service=ERASURE}. A request gets one task per owner handling its
     * type and completes once each of them has sent its receipt; adding an owner is configuration only.
     * No default: a deployment names its owners.
     */
    Map<String, Set<RequestType>> owners();

    /** The region (ISO 3166, e.g. {@code FR}) of phone numbers given without a +country code. */
    @WithDefault("FR")
    String defaultPhoneRegion();
}
