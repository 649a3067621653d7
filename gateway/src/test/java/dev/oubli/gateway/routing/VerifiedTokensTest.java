package dev.oubli.gateway.routing;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Verified tokens are kept until their expiry or the time to live, whichever comes first, and no more of them. */
class VerifiedTokensTest {

    static final String TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJl";
    static final VerifiedTokens.Caller ADA = new VerifiedTokens.Caller("11111111-1111-4111-8111-111111111111", "emile", "ada");

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void aTokenIsKeptForTheTimeToLive() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(30), 10, now::get);
        assertThat(tokens.find(TOKEN)).isNull();
        tokens.remember(TOKEN, ADA, now.get() / 1000 + 300);
        now.addAndGet(29_999);
        assertThat(tokens.find(TOKEN)).isEqualTo(ADA);
        now.addAndGet(1);
        assertThat(tokens.find(TOKEN)).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void aTokenIsNeverKeptPastItsOwnExpiry() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(30), 10, now::get);
        tokens.remember(TOKEN, ADA, now.get() / 1000 + 5);
        now.addAndGet(4_999);
        assertThat(tokens.find(TOKEN)).isEqualTo(ADA);
        now.addAndGet(1);
        assertThat(tokens.find(TOKEN)).isNull();
        tokens.remember(TOKEN, ADA, now.get() / 1000);
        assertThat(tokens.find(TOKEN)).isNull();
        tokens.remember(TOKEN, ADA, 0);
        assertThat(tokens.find(TOKEN)).isNull();
    }

    @Test
    void anotherTokenEvenOneCharacterApartIsNotKnown() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(30), 10, now::get);
        tokens.remember(TOKEN, ADA, now.get() / 1000 + 300);
        assertThat(tokens.find(TOKEN.substring(0, TOKEN.length() - 1) + "x")).isNull();
        assertThat(tokens.find(TOKEN + "x")).isNull();
    }

    @Test
    void theLeastRecentlyUsedTokenIsForgottenPastTheMaximum() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ofSeconds(30), 2, now::get);
        long exp = now.get() / 1000 + 300;
        tokens.remember(TOKEN + "a", ADA, exp);
        tokens.remember(TOKEN + "b", ADA, exp);
        tokens.find(TOKEN + "a");
        tokens.remember(TOKEN + "c", ADA, exp);
        assertThat(tokens.size()).isEqualTo(2);
        assertThat(tokens.find(TOKEN + "b")).isNull();
        assertThat(tokens.find(TOKEN + "a")).isEqualTo(ADA);
    }

    @Test
    void aTimeToLiveOfZeroKeepsNothing() {
        VerifiedTokens tokens = new VerifiedTokens(Duration.ZERO, 10, now::get);
        tokens.remember(TOKEN, ADA, now.get() / 1000 + 300);
        assertThat(tokens.find(TOKEN)).isNull();
    }
}
