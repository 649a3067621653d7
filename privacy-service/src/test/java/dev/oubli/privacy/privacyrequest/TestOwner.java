package dev.oubli.privacy.privacyrequest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.ExportChunk;
import dev.oubli.events.PrivacyRequestSubmitted;
import dev.oubli.events.RequestType;
import dev.oubli.events.SubjectResolutionRequested;
import dev.oubli.events.SubjectResolved;
import dev.oubli.events.TaskCompleted;
import dev.oubli.events.TaskFailed;
import dev.oubli.events.TaskFailureReason;
import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A data owner played by the test, over the real Kafka: it reads the privacy requests as an owner would (from the
 * end of the topic) and answers with receipts and export chunks exactly as an owner's outbox relay publishes them.
 */
public final class TestOwner implements AutoCloseable {

    static final ObjectMapper JSON = EventJson.newObjectMapper();

    private final KafkaConsumer<String, byte[]> requests;
    private final KafkaProducer<String, byte[]> producer;
    private final UUID tenant;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public TestOwner(String bootstrapServers, UUID tenant) {
        this.tenant = tenant;
        this.requests = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_REQUESTS);
        this.producer = new KafkaProducer<>(CloudEventTopics.settings(bootstrapServers, Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)));
    }

    /** The request event of {@code requestId} with this attempt number, as the owners receive it. */
    public ConsumerRecord<String, byte[]> awaitRecord(UUID requestId, int attempt) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : seen) {
                if (record.key().equals(requestId.toString()) && isRequest(record) && read(record).attempt() == attempt) {
                    return record;
                }
            }
            requests.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        throw new AssertionError("no request event " + requestId + " attempt " + attempt + " within 20 s");
    }

    public PrivacyRequestSubmitted await(UUID requestId, int attempt) throws Exception {
        return read(awaitRecord(requestId, attempt));
    }

    /** Every event of {@code requestId} received within {@code wait}. */
    public List<PrivacyRequestSubmitted> eventsOf(UUID requestId, Duration wait) throws Exception {
        Instant deadline = Instant.now().plus(wait);
        while (Instant.now().isBefore(deadline)) {
            requests.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        List<PrivacyRequestSubmitted> events = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : seen) {
            if (record.key().equals(requestId.toString()) && isRequest(record)) {
                events.add(read(record));
            }
        }
        return events;
    }

    /** The question to the resolver about {@code requestId} with this attempt number (docs/adr/0034). */
    public SubjectResolutionRequested awaitResolution(UUID requestId, int attempt) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, byte[]> record : seen) {
                if (record.key().equals(requestId.toString())
                        && EventType.SUBJECT_RESOLUTION_REQUESTED.ceType().equals(header(record, CloudEventHeaders.TYPE))) {
                    SubjectResolutionRequested question = JSON.readValue(record.value(), SubjectResolutionRequested.class);
                    if (question.attempt() == attempt) {
                        return question;
                    }
                }
            }
            requests.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
        throw new AssertionError("no resolution of " + requestId + " attempt " + attempt + " within 20 s");
    }

    public void resolve(UUID requestId, String owner, List<UUID> contactIds) throws Exception {
        send(Topics.PRIVACY_TASK_RESULTS, requestId, EventType.SUBJECT_RESOLVED.ceType("test"),
                new SubjectResolved(requestId, owner, contactIds, Instant.now()));
    }

    private static boolean isRequest(ConsumerRecord<String, byte[]> record) {
        return EventType.PRIVACY_REQUEST_SUBMITTED.ceType().equals(header(record, CloudEventHeaders.TYPE));
    }

    public static PrivacyRequestSubmitted read(ConsumerRecord<String, byte[]> record) throws Exception {
        return JSON.readValue(record.value(), PrivacyRequestSubmitted.class);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    public void complete(UUID requestId, String owner, RequestType type, Map<String, Long> counts) throws Exception {
        send(Topics.PRIVACY_TASK_RESULTS, requestId, EventType.TASK_COMPLETED.ceType("test"),
                new TaskCompleted(requestId, owner, type, counts, Instant.now()));
    }

    public void fail(UUID requestId, String owner, RequestType type, TaskFailureReason reason) throws Exception {
        send(Topics.PRIVACY_TASK_RESULTS, requestId, EventType.TASK_FAILED.ceType("test"),
                new TaskFailed(requestId, owner, type, reason, false, Instant.now()));
    }

    public void publish(ExportChunk chunk) throws Exception {
        send(Topics.PRIVACY_EXPORTS, chunk.requestId(), EventType.EXPORT_CHUNK.ceType("test"), chunk);
    }

    private void send(String topic, UUID requestId, String ceType, Object event) throws Exception {
        producer.send(CloudEventTopics.cloudEvent(topic, Topics.requestKey(requestId), UUID.randomUUID(), ceType, "test-owner",
                tenant, JSON.writeValueAsBytes(event))).get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        requests.close();
        producer.close();
    }

    static String ceId(ConsumerRecord<String, byte[]> record) {
        return header(record, CloudEventHeaders.ID);
    }
}
