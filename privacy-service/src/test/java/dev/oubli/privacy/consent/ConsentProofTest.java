package dev.oubli.privacy.consent;

import dev.oubli.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsentProofTest {

    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static ConsentProof collectedAt(String instant) {
        return new ConsentProof(Instant.parse(instant), "form-v1", null, null, null);
    }

    @Test
    void aGrantCollectedUpToFiveMinutesAheadOfOurClockIsAccepted() {
        assertThat(ConsentService.validProof(collectedAt("2026-12-03T12:05:00Z"), true, NOW).collectedAt())
                .isEqualTo(Instant.parse("2026-12-03T12:05:00Z"));
    }

    @Test
    void aGrantCollectedMoreThanFiveMinutesAheadIsRefused() {
        assertThatThrownBy(() -> ConsentService.validProof(collectedAt("2026-12-03T12:05:01Z"), true, NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("proof.collectedAt is in the future");
    }

    @Test
    void theFirstInstantOf2000IsTheEarliestProof() {
        assertThat(ConsentService.validProof(collectedAt("2000-01-01T00:00:00Z"), true, NOW)).isNotNull();
        assertThatThrownBy(() -> ConsentService.validProof(collectedAt("1999-12-31T23:59:59Z"), false, NOW))
                .isInstanceOf(ProblemException.class).hasMessageContaining("proof.collectedAt is before");
    }

    @Test
    void aWithdrawalNeedsNoProofButAGrantDoes() {
        assertThat(ConsentService.validProof(null, false, NOW)).isEqualTo(ConsentProof.NONE);
        assertThatThrownBy(() -> ConsentService.validProof(null, true, NOW)).hasMessageContaining("proof is required");
        assertThatThrownBy(() -> ConsentService.validProof(new ConsentProof(null, "v1", null, null, null), true, NOW))
                .hasMessageContaining("proof.collectedAt is required");
    }

    @Test
    void aDeleteCharacterInAnExternalReferenceIsRefused() {
        assertThatThrownBy(() -> ConsentService.validProof(
                new ConsentProof(NOW, "v1", null, null, "crm\u007f42"), true, NOW))
                .hasMessageContaining("proof.externalReference holds a control character");
    }
}
