package dev.oubli.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The web module's settings (prefix {@code oubli.web}). */
@ConfigMapping(prefix = "oubli.web")
public interface WebConfig {

    /** Where the gateway answers: every API call of the pages goes through it, with the user's own token or none. */
    @WithDefault("http://127.0.0.1:8080")
    String gatewayUrl();

    /** Connect and whole-response timeout of each call to the gateway. */
    @WithDefault("10s")
    Duration gatewayTimeout();

    /**
     * Key (base64, at least 32 bytes) of the console's anti-forgery tokens. No production default: the module does
     * not start without it.
     */
    String formSecret();
}
