package dev.oubli.privacy.contactcheck;

import java.time.Instant;
import java.util.UUID;

/**
 * One recorded check as its agent (or a reviewer) reads it back by id: what was asked and answered, nothing about the
 * person beyond what the agent sent. knowledge-service verifies with it the check an agent's interaction names (ADR 0048).
 */
public record ContactCheckRecord(
        UUID checkId, String agentId, String decision, String reason, String channel, String purpose,
        String disclosureVersion, Instant checkedAt) {
}
