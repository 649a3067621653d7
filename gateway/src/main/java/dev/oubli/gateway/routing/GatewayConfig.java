package dev.oubli.gateway.routing;

import io.smallrye.config.ConfigMapping;

import java.net.URI;

/** Base URLs of the services behind the gateway. */
@ConfigMapping(prefix = "oubli.gateway")
interface GatewayConfig {

    /** contacts-service, for example http://contacts-service:8080. */
    URI contactsService();

    /** knowledge-service. */
    URI knowledgeService();

    /** privacy-service. */
    URI privacyService();
}
