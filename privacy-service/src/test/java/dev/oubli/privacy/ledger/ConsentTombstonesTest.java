package dev.oubli.privacy.ledger;

import dev.oubli.events.EventType;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectRef;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.JSON;
import static dev.oubli.privacy.ledger.LedgerRequestListenerTest.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

/** An erased subject's consent keys get tombstones on the compacted privacy.consents.v1 (issue 17 item 5). */
@QuarkusTest
class ConsentTombstonesTest {

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void erasingASubjectEndsEachOfItsConsentKeysOnTheCompactedTopicWithATombstone() throws Exception {
        String email = LedgerRequestListenerTest.email();
        String index = subjectIndex.email(TENANT, email).value();
        List<String> keys = List.of(TENANT + ":" + index + ":EMAIL:NEWSLETTER", TENANT + ":" + index + ":EMAIL:SURVEYS");
        try (KafkaConsumer<String, byte[]> consents = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS)) {
            LedgerRequestListenerTest.consent("{\"email\":\"" + email + "\"}", "EMAIL", "NEWSLETTER");
            LedgerRequestListenerTest.consent("{\"email\":\"" + email + "\"}", "EMAIL", "SURVEYS");
            PrivacyRequestSubmitted erasure = LedgerRequestListenerTest.request(RequestType.ERASURE,
                    new SubjectRef(List.of(), List.of(index), List.of()), null);
            CloudEventTopics.publish(bootstrapServers, CloudEventTopics.cloudEvent(Topics.PRIVACY_REQUESTS,
                    Topics.requestKey(erasure.requestId()), UUID.randomUUID(), EventType.PRIVACY_REQUEST_SUBMITTED.ceType(),
                    "privacy-service", TENANT, JSON.writeValueAsBytes(erasure)));

            Map<String, List<Boolean>> valuesByKey = new HashMap<>(); // true: a value, false: a tombstone
            Instant deadline = Instant.now().plusSeconds(90);
            while (Instant.now().isBefore(deadline) && !keys.stream().allMatch(key -> valuesByKey.getOrDefault(key, List.of()).contains(false))) {
                for (ConsumerRecord<String, byte[]> record : consents.poll(Duration.ofMillis(500))) {
                    if (keys.contains(record.key())) {
                        valuesByKey.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(record.value() != null);
                    }
                }
            }
            assertThat(valuesByKey).as("records of the subject's consent keys: a grant, then a tombstone")
                    .containsOnlyKeys(keys).allSatisfy((key, values) -> assertThat(values).containsExactly(true, false));
        }
    }
}
