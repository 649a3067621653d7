package dev.oubli.knowledge.conversation;

import dev.oubli.problem.ProblemException;
import io.vertx.mutiny.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * privacy-service's answer about a pre-contact check (ADR 0048) judged on its own: an answer that cannot be read whole
 * is privacy-service's fault, a 503 check-unavailable (retry later), never a 500 nor a refusal of the caller.
 */
class PrivacyChecksTest {

    static final Instant NOW = Instant.parse("2027-05-01T10:00:00Z");
    static final Duration MAX_AGE = Duration.ofHours(24);

    static void judge(String body) {
        PrivacyChecks.judge(200, body == null ? null : Buffer.buffer(body), "v3", Channel.EMAIL, MAX_AGE, NOW);
    }

    static String answer(String checkedAt) {
        return """
                {"decision":"ALLOWED","channel":"EMAIL","disclosureVersion":"v3","checkedAt":%s}""".formatted(checkedAt);
    }

    @Test
    void aWellFormedRecentAllowedAnswerPasses() {
        assertThatCode(() -> judge(answer("\"2027-05-01T09:00:00Z\""))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"yesterday\"", "\"2027-05-01\"", "12345", "null", "{}", "\"\""})
    void aMalformedCheckedAtIsCheckUnavailableNotAServerError(String checkedAt) {
        assertThatThrownBy(() -> judge(answer(checkedAt))).isInstanceOfSatisfying(ProblemException.class,
                PrivacyChecksTest::assertUnavailable);
    }

    @Test
    void anAnswerWithoutCheckedAtIsCheckUnavailable() {
        assertThatThrownBy(() -> judge("{\"decision\":\"ALLOWED\",\"channel\":\"EMAIL\",\"disclosureVersion\":\"v3\"}"))
                .isInstanceOfSatisfying(ProblemException.class, PrivacyChecksTest::assertUnavailable);
    }

    @ParameterizedTest
    @ValueSource(strings = {"not json", "[1, 2]", ""})
    void anAnswerThatIsNoJsonObjectIsCheckUnavailable(String body) {
        assertThatThrownBy(() -> judge(body)).isInstanceOfSatisfying(ProblemException.class, PrivacyChecksTest::assertUnavailable);
    }

    @Test
    void anEmptyBodyIsCheckUnavailable() {
        assertThatThrownBy(() -> judge(null)).isInstanceOfSatisfying(ProblemException.class, PrivacyChecksTest::assertUnavailable);
    }

    @Test
    void aStaleCheckIsStillRefusedAsStale() {
        assertThatThrownBy(() -> judge(answer("\"2027-04-29T09:00:00Z\""))).isInstanceOf(ProblemException.class)
                .hasFieldOrPropertyWithValue("status", 422).hasFieldOrPropertyWithValue("type", "check-stale");
    }

    /** status and type are the problem's own fields (package-private accessors of libs/problem). */
    private static void assertUnavailable(ProblemException problem) {
        assertThat(problem).hasFieldOrPropertyWithValue("status", 503).hasFieldOrPropertyWithValue("type", "check-unavailable");
    }
}
