package dev.oubli.events;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.oubli.events.Contracts.JSON;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventRecordsTest {

    private static final UUID REQUEST = UUID.fromString("6f1c2b0e-6a4d-4f7e-9c31-2d8b5a0e4f11");
    private static final SubjectRef SUBJECT =
            new SubjectRef(List.of(), List.of("QNOcVtozw8ssGBqxYwBJIzGmWbS92m3dg5nTXQWc_50"), List.of());
    private static final Instant NOW = Instant.parse("2026-01-15T09:30:00.123Z");

    @Test
    void aRequestAnOwnerCannotReadWhollyStillGetsItsDeadLetteredReceiptAndOneWithoutIdOrTypeGetsNone() {
        UUID requestId = UUID.randomUUID();
        Instant now = Instant.parse("2026-12-04T05:00:00Z");
        byte[] schemaInvalid = ("{\"requestId\":\"" + requestId + "\",\"requestType\":\"ERASURE\",\"subject\":42}").getBytes();

        assertThat(TaskFailed.deadLettered(schemaInvalid, "contacts-service", now))
                .contains(new TaskFailed(requestId, "contacts-service", RequestType.ERASURE, TaskFailureReason.DEAD_LETTERED, false, now));
        assertThat(TaskFailed.deadLettered("{\"requestType\":\"ERASURE\"}".getBytes(), "contacts-service", now)).isEmpty();
        assertThat(TaskFailed.deadLettered(("{\"requestId\":\"" + requestId + "\",\"requestType\":\"NAP\"}").getBytes(), "contacts-service", now)).isEmpty();
        assertThat(TaskFailed.deadLettered("not json".getBytes(), "contacts-service", now)).isEmpty();
    }

    @Test
    void aBulkErasureBatchNamesOneToFiveHundredContactsAndItsPlaceAmongTheBatches() {
        UUID bulk = UUID.randomUUID();
        List<UUID> five = java.util.stream.Stream.generate(UUID::randomUUID).limit(ContactBatchErasureRequested.MAX_CONTACTS).toList();
        SubjectRef full = new SubjectRef(five, List.of(), List.of());

        assertThat(new ContactBatchErasureRequested(REQUEST, bulk, 2, 2, full, "editor", NOW).subject().contactIds()).hasSize(500);
        assertThatThrownBy(() -> new ContactBatchErasureRequested(REQUEST, bulk, 1, 1,
                new SubjectRef(java.util.stream.Stream.concat(five.stream(), java.util.stream.Stream.of(UUID.randomUUID())).toList(),
                        List.of(), List.of()), "editor", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 500");
        assertThatThrownBy(() -> new ContactBatchErasureRequested(REQUEST, bulk, 1, 1, SUBJECT, "editor", NOW))
                .as("blind indexes without the contacts' ids").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ContactBatchErasureRequested(REQUEST, bulk, 3, 2, full, "editor", NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch");
        assertThatThrownBy(() -> new ContactBatchErasureRequested(REQUEST, bulk, 0, 2, full, "editor", NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writesInstantsAsIso8601Strings() throws Exception {
        JsonNode json = JSON.valueToTree(
                new TaskFailed(REQUEST, "contacts-service", RequestType.ERASURE, TaskFailureReason.OWNER_ERROR, true, NOW));

        assertThat(json.get("failedAt").asText()).isEqualTo("2026-01-15T09:30:00.123Z");
    }

    @Test
    void omitsTheExportKeyOfARequestThatExportsNothing() {
        JsonNode json = JSON.valueToTree(new PrivacyRequestSubmitted(REQUEST, RequestType.ERASURE, SUBJECT, 1, null, null, NOW));

        assertThat(json.has("exportPublicKey")).isFalse();
    }

    @Test
    void theWatchdogsNextAttemptIsTheSameRequestCountedOnceMore() {
        PrivacyRequestSubmitted first = new PrivacyRequestSubmitted(REQUEST, RequestType.ERASURE, SUBJECT, 1, null, null, NOW);

        assertThat(first.nextAttempt())
                .isEqualTo(new PrivacyRequestSubmitted(REQUEST, RequestType.ERASURE, SUBJECT, 2, null, null, NOW));
    }

    @Test
    void attemptsStartAtOne() {
        assertThatThrownBy(() -> new PrivacyRequestSubmitted(REQUEST, RequestType.ERASURE, SUBJECT, 0, null, null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsAreNeverNegative() {
        assertThatThrownBy(() -> new TaskCompleted(REQUEST, "contacts-service", RequestType.ERASURE, Map.of("erased", -1L), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countNamesAreWordsNotFreeText() {
        assertThatThrownBy(() -> new TaskCompleted(
                REQUEST, "contacts-service", RequestType.ERASURE, Map.of("notes about Ada", 1L), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Ada");
    }

    @Test
    void aTenantPurgeAnswerCountsRowsPerTableNameAndNothingElse() {
        assertThat(new TenantPurged("contacts-service", Map.of("contact_consent", 2L, "import-files", 0L), NOW).counts())
                .containsEntry("contact_consent", 2L);
        assertThatThrownBy(() -> new TenantPurged("contacts-service", Map.of("contacts of Ada", 1L), NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Ada");
        assertThatThrownBy(() -> new TenantPurged("contacts-service", Map.of("contact", -1L), NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TenantPurgeRequested(0, false, NOW)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRetentionPolicyNamesCategoriesAndBlindIndexesOnly() {
        RetentionPolicySet policy = new RetentionPolicySet(1, Map.of("NOTES", 30), null, null, null, null, NOW);
        assertThat(policy.daysOf(RetentionCategory.NOTES)).contains(30);
        assertThat(policy.heldEmailIndexes()).isEmpty();
        assertThatThrownBy(() -> new RetentionPolicySet(1, Map.of("notes of Ada", 30), null, null, null, null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("Ada");
        assertThatThrownBy(() -> new RetentionPolicySet(1, Map.of("NOTES", 0), null, null, null, null, NOW))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetentionPolicySet(1, Map.of(), null, java.util.List.of("ada@example.com"), null, null, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageNotContaining("ada");
        assertThatThrownBy(() -> new RetentionPurgeRan("knowledge-service", 1, Map.of("NOTES", -1L), NOW))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void countsAreCopiedAndReadOnly() {
        Map<String, Long> counts = new HashMap<>(Map.of("erased", 3L));
        TaskCompleted completed = new TaskCompleted(REQUEST, "contacts-service", RequestType.ERASURE, counts, NOW);

        counts.put("exported", 1L);

        assertThat(completed.counts()).containsExactly(Map.entry("erased", 3L));
        assertThatThrownBy(() -> completed.counts().put("x", 1L)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void purposesAreUpperCaseCodesNotFreeText() {
        assertThatThrownBy(() -> new ConsentChanged(SUBJECT, ContactChannel.EMAIL, "call Ada on Tuesdays",
                ConsentState.GRANTED, ConsentSource.FORM, false, NOW))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("Ada");
    }
}
