package dev.oubli.knowledge.guard;

import static dev.oubli.knowledge.guard.SensitiveDataKind.CARD_NUMBER;
import static dev.oubli.knowledge.guard.SensitiveDataKind.FRENCH_SOCIAL_SECURITY_NUMBER;
import static dev.oubli.knowledge.guard.SensitiveDataKind.IBAN;
import static dev.oubli.knowledge.guard.SensitiveDataKind.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SensitiveDataGuardTest {

    private static final String CARD = "4111 1111 1111 1111";
    private static final String IBAN_FR = "FR76 3000 6000 0112 3456 7890 189";
    private static final String NIR = "1 85 05 78 006 084 91";

    private final SensitiveDataGuard guard = new SensitiveDataGuard();

    @Test
    void blocksACardNumberByDefaultReportingItsKindAndPositionButNeverItsValue() {
        String text = "Please charge " + CARD + " today.";

        GuardResult result = guard.inspect(text, GuardPolicy.defaults());

        assertThat(result.isBlocked()).isTrue();
        assertThat(result.textToStore()).isEmpty();
        assertThat(result.findings()).containsExactly(
                new GuardedFinding(new Finding(CARD_NUMBER, 14, 14 + CARD.length()), GuardAction.BLOCK));
        assertThat(result.toString()).doesNotContain("4111", "1111").contains("CARD_NUMBER", "14");
    }

    @Test
    void aBlockedResultListsEveryFindingWithTheActionItsKindHas() {
        String text = "IBAN " + IBAN_FR + ", card " + CARD;

        GuardResult result = guard.inspect(text, GuardPolicy.defaults());

        assertThat(result.isBlocked()).isTrue();
        assertThat(result.findings()).extracting(f -> f.finding().kind(), GuardedFinding::action)
                .containsExactly(
                        tuple(IBAN, GuardAction.REDACT),
                        tuple(CARD_NUMBER, GuardAction.BLOCK));
    }

    @Test
    void redactMasksExactlyTheValueAndLeavesTheRestOfTheTextIdentical() {
        String before = "Virement sur ";
        String after = " avant vendredi, merci.\nCordialement";
        String text = before + IBAN_FR + after;

        GuardResult result = guard.inspect(text, GuardPolicy.defaults());

        String stored = result.textToStore().orElseThrow();
        Finding finding = result.findings().get(0).finding();
        assertThat(result.isBlocked()).isFalse();
        assertThat(result.findings()).containsExactly(new GuardedFinding(
                new Finding(IBAN, before.length(), before.length() + IBAN_FR.length()), GuardAction.REDACT));
        assertThat(stored).hasSameSizeAs(text);
        assertThat(stored.substring(0, finding.start())).isEqualTo(before);
        assertThat(stored.substring(finding.end())).isEqualTo(after);
        assertThat(stored.substring(finding.start(), finding.end())).isEqualTo("**** **** **** **** **** **** ***");
    }

    @Test
    void aRedactedCardNumberKeepsItsSeparatorsAndLastFourDigits() {
        GuardPolicy policy = GuardPolicy.defaults().with(CARD_NUMBER, GuardAction.REDACT);

        assertThat(guard.inspect("card " + CARD + ".", policy).textToStore()).contains("card **** **** **** 1111.");
        assertThat(guard.inspect("card 378282246310005", policy).textToStore()).contains("card ***********0005");
    }

    @Test
    void aRedactedSocialSecurityNumberKeepsOnlyItsSpaces() {
        GuardResult result = guard.inspect("NIR " + NIR, GuardPolicy.defaults());

        assertThat(result.textToStore()).contains("NIR * ** ** ** *** *** **");
        assertThat(result.findings()).extracting(f -> f.finding().kind()).containsExactly(FRENCH_SOCIAL_SECURITY_NUMBER);
    }

    @Test
    void aRedactedPasswordAssignmentMasksTheValueButNotTheName() {
        GuardResult result = guard.inspect("db: password=hunter2 user=app", GuardPolicy.defaults());

        assertThat(result.textToStore()).contains("db: password=******* user=app");
        assertThat(result.findings()).containsExactly(new GuardedFinding(new Finding(SECRET, 13, 20), GuardAction.REDACT));
    }

    @Test
    void aRedactedPrivateKeyKeepsItsLineBreaksAndNothingElse() {
        String key = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----";

        GuardResult result = guard.inspect("key:\n" + key + "\nend", GuardPolicy.defaults());

        assertThat(result.textToStore()).contains("key:\n" + "*".repeat(27) + "\n" + "*".repeat(32) + "\n"
                + "*".repeat(25) + "\nend");
    }

    @Test
    void warnStoresTheTextUnchangedAndReportsEachFinding() {
        String text = "NIR " + NIR + " and token AKIAIOSFODNN7EXAMPLE";

        GuardResult result = guard.inspect(text, GuardPolicy.everyKind(GuardAction.WARN));

        assertThat(result.textToStore()).contains(text);
        assertThat(result.findings()).containsExactly(
                new GuardedFinding(new Finding(FRENCH_SOCIAL_SECURITY_NUMBER, 4, 4 + NIR.length()), GuardAction.WARN),
                new GuardedFinding(new Finding(SECRET, text.indexOf("AKIA"), text.length()), GuardAction.WARN));
        assertThat(result.toString()).doesNotContain("AKIA", "85 05");
    }

    @Test
    void aTextWithNothingSensitiveIsStoredAsItIs() {
        String text = "Call +33 6 12 34 56 78 about order CMD-2026-004512 on 29/11/2026.";

        GuardResult result = guard.inspect(text, GuardPolicy.defaults());

        assertThat(result.textToStore()).contains(text);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    void aRedactedTextHasNothingLeftToFind() {
        String text = "IBAN " + IBAN_FR + ", NIR " + NIR + ", password=hunter2, card " + CARD;
        GuardPolicy redactEverything = GuardPolicy.everyKind(GuardAction.REDACT);

        String stored = guard.inspect(text, redactEverything).textToStore().orElseThrow();

        assertThat(guard.inspect(stored, redactEverything).findings()).isEmpty();
    }

    @Test
    void aValueFoundByTwoDetectorsIsReportedOnceUnderTheStricterAction() {
        String text = "password=4111111111111111";

        GuardResult result = guard.inspect(text, GuardPolicy.defaults());

        assertThat(result.isBlocked()).isTrue();
        assertThat(result.findings()).containsExactly(
                new GuardedFinding(new Finding(CARD_NUMBER, 9, text.length()), GuardAction.BLOCK));
    }

    @Test
    void overlappingFindingsMergeIntoTheLongestSpanningThemAll() {
        List<Finding> overlapping = List.of(
                new Finding(IBAN, 0, 33), new Finding(CARD_NUMBER, 5, 24), new Finding(SECRET, 30, 40),
                new Finding(SECRET, 50, 60));

        List<Finding> merged = SensitiveDataGuard.merge(overlapping, GuardPolicy.defaults());

        assertThat(merged).containsExactly(new Finding(IBAN, 0, 40), new Finding(SECRET, 50, 60));
    }

    @Test
    void findsEverythingInAMegabyteOfMixedText() {
        List<Finding> expected = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        String noise = "Order CMD-2026-004512 shipped 2026-11-29 to +33 6 12 34 56 78, tracking 1Z999AA10123456784, "
                + "ISBN 978-2-07-036822-8, SIRET 732 829 320 00074, session 123e4567-e89b-12d3-a456-426614174000, "
                + "commit 9fceb02d0ae598e95dc970b74767f19372d61af8, the password policy changed.\n";
        String[] values = {CARD, IBAN_FR, NIR, "AKIAIOSFODNN7EXAMPLE"};
        SensitiveDataKind[] kinds = {CARD_NUMBER, IBAN, FRENCH_SOCIAL_SECURITY_NUMBER, SECRET};
        for (int block = 0; text.length() < 1_000_000; block++) {
            text.append(noise);
            if (block % 7 == 0) {
                int which = (block / 7) % values.length;
                text.append("Value: ");
                expected.add(new Finding(kinds[which], text.length(), text.length() + values[which].length()));
                text.append(values[which]).append(".\n");
            }
            if (block % 97 == 0) {
                // long runs that a backtracking pattern would choke on
                text.append("1 ".repeat(2_000)).append('\n').append("A1".repeat(2_000)).append('\n')
                        .append("eyJ".repeat(1_000)).append('\n').append("9".repeat(5_000)).append('\n');
            }
        }

        List<Finding> found = guard.inspect(text.toString(), GuardPolicy.everyKind(GuardAction.WARN)).findings().stream()
                .map(GuardedFinding::finding)
                .toList();

        assertThat(text.length()).isGreaterThanOrEqualTo(1_000_000);
        assertThat(expected).hasSizeGreaterThan(300);
        assertThat(found).isEqualTo(expected);
    }
}
