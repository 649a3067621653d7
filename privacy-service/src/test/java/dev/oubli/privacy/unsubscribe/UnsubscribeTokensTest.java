package dev.oubli.privacy.unsubscribe;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.oubli.subjectindex.BlindIndex;
import dev.oubli.subjectindex.MasterSecret;
import dev.oubli.subjectindex.SubjectIndex;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnsubscribeTokensTest {

    private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    // Test-only secrets, the bytes 0..31 and 1..32: never configured anywhere.
    private static final String SECRET = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
    private static final String OTHER_SECRET = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    private final UUID tenant = UUID.randomUUID();
    private final UnsubscribeTokens tokens = UnsubscribeTokens.fromBase64Secret(SECRET);
    private final UnsubscribeToken marketingEmail = new UnsubscribeToken(
            tenant, randomBlindIndex(), Channel.EMAIL, Purpose.MARKETING, Instant.parse("2026-06-17T09:30:00Z"));

    @Test
    void verifiesWhatItSigned() {
        assertThat(tokens.verify(tokens.sign(marketingEmail))).contains(marketingEmail);
    }

    @Test
    void verifiesWithAnotherInstanceOfTheSameSecret() {
        assertThat(UnsubscribeTokens.fromBase64Secret(SECRET).verify(tokens.sign(marketingEmail)))
                .contains(marketingEmail);
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void carriesEveryChannel(Channel channel) {
        UnsubscribeToken token = new UnsubscribeToken(tenant, randomBlindIndex(), channel, Purpose.MARKETING,
                Instant.parse("2026-06-17T09:30:00Z"));

        assertThat(tokens.verify(tokens.sign(token))).contains(token);
    }

    @ParameterizedTest
    @EnumSource(Purpose.class)
    void carriesEveryPurpose(Purpose purpose) {
        UnsubscribeToken token = new UnsubscribeToken(tenant, randomBlindIndex(), Channel.SMS, purpose,
                Instant.parse("2026-06-17T09:30:00Z"));

        assertThat(tokens.verify(tokens.sign(token))).contains(token);
    }

    @Test
    void keepsTheIssueTimeToTheSecond() {
        UnsubscribeToken token = new UnsubscribeToken(tenant, randomBlindIndex(), Channel.EMAIL, Purpose.NEWSLETTER,
                Instant.parse("2026-06-17T09:30:12.987654321Z"));

        assertThat(tokens.verify(tokens.sign(token)).orElseThrow().issuedAt())
                .isEqualTo(Instant.parse("2026-06-17T09:30:12Z"));
    }

    @Test
    void stillVerifiesATokenIssuedInVersion1() {
        // Signed once with SECRET and kept: links already sent must keep working after any refactoring.
        String issued = "AW8cLT5LWkxtjn-QGis8TV6rXDZ7evi3nLq7uLyj2nRrWzZ3d_iDmHqPuTyX3PTFwAEBAAAAAGoyaRghaPdoeo8mgsi9OjUL"
                + "UGfZfD4X4YgATCqCKWc0lCQUoX9gNBIRXO5bPhxHc3TKoN8";

        assertThat(tokens.verify(issued)).contains(new UnsubscribeToken(
                UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-901a2b3c4d5e"),
                new BlindIndex("q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0xcA"),
                Channel.EMAIL, Purpose.MARKETING, Instant.parse("2026-06-17T09:30:00Z")));
    }

    @Test
    void signsTheSameSubjectDifferentlyEachTime() {
        Set<String> signed = new HashSet<>();
        for (int i = 0; i < 100; i++) {
            signed.add(tokens.sign(marketingEmail));
        }

        assertThat(signed).hasSize(100).allSatisfy(token -> assertThat(tokens.verify(token)).contains(marketingEmail));
    }

    @Test
    void refusesATokenSignedWithAnotherKey() {
        UnsubscribeTokens forger = UnsubscribeTokens.fromBase64Secret(OTHER_SECRET);

        assertThat(tokens.verify(forger.sign(marketingEmail))).isEmpty();
        assertThat(forger.verify(tokens.sign(marketingEmail))).isEmpty();
    }

    @Test
    void refusesATokenWithAnySingleCharacterChanged() {
        String token = tokens.sign(marketingEmail);
        List<String> accepted = new ArrayList<>();

        for (int position = 0; position < token.length(); position++) {
            for (char replacement : ALPHABET.toCharArray()) {
                if (replacement != token.charAt(position)) {
                    String tampered = token.substring(0, position) + replacement + token.substring(position + 1);
                    if (tokens.verify(tampered).isPresent()) {
                        accepted.add(position + ":" + replacement);
                    }
                }
            }
        }

        assertThat(token).hasSize(UnsubscribeTokens.TOKEN_LENGTH);
        assertThat(accepted).isEmpty();
        assertThat(tokens.verify(token)).contains(marketingEmail);
    }

    @Test
    void refusesATenantsTokenRewrittenForAnotherTenant() {
        UUID otherTenant = UUID.randomUUID();
        byte[] bytes = Base64.getUrlDecoder().decode(tokens.sign(marketingEmail));
        byte[] other = uuidBytes(otherTenant);
        System.arraycopy(other, 0, bytes, 1, other.length);
        String rewritten = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);

        assertThat(tokens.verify(rewritten)).isEmpty();
        assertThat(tokens.verify(tokens.sign(marketingEmail)).orElseThrow().tenant())
                .isEqualTo(tenant)
                .isNotEqualTo(otherTenant);
    }

    @Test
    void refusesEveryTruncationAndExtension() {
        String token = tokens.sign(marketingEmail);

        for (int length = 0; length < token.length(); length++) {
            assertThat(tokens.verify(token.substring(0, length))).as("first %d characters", length).isEmpty();
            assertThat(tokens.verify(token.substring(token.length() - length))).as("last %d", length).isEmpty();
        }
        for (String suffix : List.of("A", "_", "=", "==", " ", "\n", "%00", token)) {
            assertThat(tokens.verify(token + suffix)).as("with %s appended", suffix).isEmpty();
        }
        assertThat(tokens.verify(" " + token)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "null", "not-a-token", "../../etc/passwd", "<script>alert(1)</script>",
        "ada@example.com", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
            + "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void refusesGarbage(String garbage) {
        assertThat(tokens.verify(garbage)).isEmpty();
    }

    @Test
    void refusesNull() {
        assertThat(tokens.verify(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(chars = {'+', '/', '=', '.', ' ', '%', '\u00e9', '\u0000', '\u0410'})
    void refusesCharactersOutsideUrlSafeBase64(char intruder) {
        String token = tokens.sign(marketingEmail);

        assertThat(tokens.verify(intruder + token.substring(1))).isEmpty();
        assertThat(tokens.verify(token.substring(0, 70) + intruder + token.substring(71))).isEmpty();
    }

    @Test
    void refusesTheStandardBase64SpellingOfAToken() {
        String urlSafe = tokens.sign(marketingEmail);
        String standard = Base64.getEncoder().encodeToString(Base64.getUrlDecoder().decode(urlSafe));

        assertThat(tokens.verify(standard)).isEmpty();
    }

    @Test
    void neverThrowsOnRandomInput() {
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2_000; i++) {
            char[] text = new char[UnsubscribeTokens.TOKEN_LENGTH];
            for (int c = 0; c < text.length; c++) {
                text[c] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
            }
            assertThat(tokens.verify(new String(text))).isEmpty();
        }
    }

    @Test
    void isUrlSafeAndShort() {
        for (int i = 0; i < 200; i++) {
            UnsubscribeToken token = new UnsubscribeToken(UUID.randomUUID(), randomBlindIndex(), Channel.PHONE,
                    Purpose.SERVICE, Instant.now());

            assertThat(tokens.sign(token)).matches("[A-Za-z0-9_-]+").hasSizeLessThanOrEqualTo(160);
        }
    }

    @Test
    void carriesTheBlindIndexOfTheAddressNeverTheAddress() {
        SubjectIndex subjectIndex = new SubjectIndex(MasterSecret.fromBase64(SECRET));
        BlindIndex ada = subjectIndex.email(tenant, "Ada.Lovelace@example.com");
        String token = tokens.sign(new UnsubscribeToken(tenant, ada, Channel.EMAIL, Purpose.MARKETING, Instant.now()));
        String decoded = new String(Base64.getUrlDecoder().decode(token), ISO_8859_1).toLowerCase();

        // Long fragments only: a short one such as "@" turns up in random bytes by chance.
        for (String fragment : List.of("ada.lovelace@example.com", "lovelace", "example.com")) {
            assertThat(token.toLowerCase()).doesNotContain(fragment);
            assertThat(decoded).doesNotContain(fragment);
        }
        assertThat(tokens.verify(token).orElseThrow().subject()).isEqualTo(ada);
    }

    @Test
    void hasNoFieldThatCouldHoldAnAddressOrAName() {
        assertThat(Arrays.stream(UnsubscribeToken.class.getRecordComponents()).map(RecordComponent::getType))
                .containsExactly(UUID.class, BlindIndex.class, Channel.class, Purpose.class, Instant.class);
    }

    @Test
    void neverRenumbersTheCodesThatTokensAlreadySentCarry() {
        assertThat(Arrays.stream(Channel.values()).map(channel -> channel + "=" + channel.code()))
                .containsExactlyInAnyOrder("EMAIL=1", "SMS=2", "PHONE=3", "CHAT=4");
        assertThat(Arrays.stream(Purpose.values()).map(purpose -> purpose + "=" + purpose.code()))
                .containsExactlyInAnyOrder("MARKETING=1", "NEWSLETTER=2", "SERVICE=3", "PROFILING=4");
    }

    @Test
    void rejectsAMissingShortOrMalformedSecretWithoutRepeatingIt() {
        String shortSecret = Base64.getEncoder().encodeToString(new byte[31]);

        assertThatIllegalArgumentException().isThrownBy(() -> UnsubscribeTokens.fromBase64Secret(null));
        assertThatIllegalArgumentException().isThrownBy(() -> UnsubscribeTokens.fromBase64Secret("  "));
        assertThatIllegalArgumentException().isThrownBy(() -> UnsubscribeTokens.fromBase64Secret(shortSecret))
                .withMessageNotContaining(shortSecret);
        assertThatIllegalArgumentException().isThrownBy(() -> UnsubscribeTokens.fromBase64Secret("s3cr3t!*not-base64"))
                .withMessageNotContaining("s3cr3t")
                .withNoCause();
    }

    private static BlindIndex randomBlindIndex() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return new BlindIndex(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }

    private static byte[] uuidBytes(UUID uuid) {
        return ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
    }
}
