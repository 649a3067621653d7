package dev.oubli.events;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    private static final UUID TENANT = UUID.fromString("11111111-1111-4111-8111-111111111111");
    private static final String FIRST = "4_yV7A2iUlbOgfabMsGfX4-2OFOixAZjCIyGCAg02JU";
    private static final String SECOND = "QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc_50";

    @Test
    void deadLettersGoToTheTopicNameWithDlq() {
        assertThat(Topics.deadLetter(Topics.PRIVACY_REQUESTS)).isEqualTo("privacy.requests.v1.dlq");
    }

    @Test
    void consentKeyIsTenantThenSubjectChannelAndPurpose() {
        assertThat(Topics.consentKey(TENANT, change(List.of(SECOND, FIRST), "MARKETING")))
                .isEqualTo(TENANT + ":" + FIRST + ":EMAIL:MARKETING");
    }

    @Test
    void consentKeyDoesNotDependOnTheOrderOfIndexes() {
        assertThat(Topics.consentKey(TENANT, change(List.of(FIRST, SECOND), "MARKETING")))
                .isEqualTo(Topics.consentKey(TENANT, change(List.of(SECOND, FIRST), "MARKETING")));
    }

    @Test
    void compactionKeepsEachPurposeOfASubjectSeparately() {
        assertThat(Topics.consentKey(TENANT, change(List.of(FIRST), "MARKETING")))
                .isNotEqualTo(Topics.consentKey(TENANT, change(List.of(FIRST), "SERVICE")));
    }

    @Test
    void consentKeyFallsBackToTheContactId() {
        UUID contact = UUID.fromString("0b7e3c52-1d4a-4c8e-8f2b-7a9d6e5c4b31");
        ConsentChanged change = new ConsentChanged(new SubjectRef(List.of(contact), List.of(), List.of()),
                ContactChannel.SMS, "SERVICE", ConsentState.GRANTED, ConsentSource.FORM, false, Instant.EPOCH);

        assertThat(Topics.consentKey(TENANT, change)).isEqualTo(TENANT + ":" + contact + ":SMS:SERVICE");
    }

    private static ConsentChanged change(List<String> emailIndexes, String purpose) {
        return new ConsentChanged(new SubjectRef(List.of(), emailIndexes, List.of()), ContactChannel.EMAIL, purpose,
                ConsentState.WITHDRAWN, ConsentSource.UNSUBSCRIBE_LINK, true, Instant.EPOCH);
    }
}
