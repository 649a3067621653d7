package dev.oubli.privacy.selfservice;

import java.util.UUID;

/** The request, verified, and where it stands now (IN_PROGRESS, or REJECTED as a duplicate). */
public record IdentityVerified(UUID id, String status) {
}
