package dev.oubli.privacy.selfservice;

import java.util.UUID;

/**
 * The request, verified, and where it stands now (IN_PROGRESS, or REJECTED as a duplicate).
 *
 * @param statusToken the secret of the subject's private status link, given this once (only its hash is kept)
 */
public record IdentityVerified(UUID id, String status, String statusToken) {
}
