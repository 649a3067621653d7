package dev.oubli.privacy.contactcheck;

import java.time.Instant;
import java.util.UUID;

/** One recorded pre-contact check: who asked, about whom (blind indexes, contact id), and the answer. */
public record ContactCheckEvidence(
        UUID checkId, Instant checkedAt, String agentId, String channel, String purpose, String emailIndex, String phoneIndex,
        UUID contactId, Instant plannedAt, String decision, String reason, String disclosureVersion) {
}
