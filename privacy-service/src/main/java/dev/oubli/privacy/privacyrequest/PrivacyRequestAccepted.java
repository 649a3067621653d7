package dev.oubli.privacy.privacyrequest;

import java.util.UUID;

/**
 * The answer to a submitted request: its id (also in the Location header) and its status.
 *
 * @param duplicateOf the open request this one repeats, when it was recorded as its DUPLICATE; else null
 */
public record PrivacyRequestAccepted(UUID id, String status, UUID duplicateOf) {
}
