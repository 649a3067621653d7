package dev.oubli.privacy.selfservice;

import java.time.Instant;
import java.util.UUID;

/** A self-service request waiting for its one-time code, which was sent to the address given. */
public record SelfServiceAccepted(UUID id, String status, Instant codeExpiresAt) {
}
