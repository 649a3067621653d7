package dev.oubli.privacy.privacyrequest;

import java.util.UUID;

/** The answer to a submitted request: its id (also in the Location header) and its status. */
public record PrivacyRequestAccepted(UUID id, String status) {
}
