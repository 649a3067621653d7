package dev.oubli.privacy.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.events.AuditAnchored;
import dev.oubli.events.CloudEventHeaders;
import dev.oubli.events.EventJson;
import dev.oubli.events.EventType;
import dev.oubli.events.Topics;
import dev.oubli.outbox.Outbox;
import dev.oubli.privacy.ServiceSigningKey;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The heads of the tenants' audit chains, outside the database (docs/adr/0026): each entry's hash is signed with the
 * service key and published through the outbox, in the entry's transaction, to the compacted
 * {@code privacy.audit-anchors.v1}; verification reads that topic back. The database owner can delete or rewrite
 * entries, and even write outbox rows, but cannot sign: an anchor it makes does not verify.
 */
@ApplicationScoped
class AuditAnchors {

    private static final Logger LOG = Logger.getLogger(AuditAnchors.class);
    private static final ObjectMapper JSON = EventJson.newObjectMapper();
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final Outbox outbox;
    private final ServiceSigningKey key;
    private final Map<String, Object> consumerSettings;
    private final Vertx vertx;

    AuditAnchors(Outbox outbox, ServiceSigningKey key, Vertx vertx, @Identifier("default-kafka-broker") Map<String, Object> kafka) {
        this.outbox = outbox;
        this.vertx = vertx;
        this.key = key;
        Map<String, Object> settings = new HashMap<>();
        Set<String> known = ConsumerConfig.configNames();
        // The service's kafka.* settings (bootstrap servers, TLS, SASL), then the fixed ones: no group, no commits.
        kafka.forEach((name, value) -> {
            if (known.contains(name)) {
                settings.put(name, value);
            }
        });
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        settings.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        settings.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "privacy-service-audit-anchors");
        consumerSettings = Map.copyOf(settings);
    }

    /** Publishes the new head, in the caller's transaction (the entry's). */
    Uni<Void> anchor(TenantId tenant, long seq, String hash) {
        Instant at = Instant.now();
        AuditAnchored anchor = new AuditAnchored(tenant.value(), seq, hash, at,
                key.sign(AuditAnchored.signedText(tenant.value(), seq, hash, at)));
        return outbox.append(tenant, Topics.PRIVACY_AUDIT_ANCHORS, Topics.auditAnchorKey(tenant.value()),
                EventType.AUDIT_ANCHORED.ceType(), anchor).replaceWithVoid();
    }

    /**
     * What the topic holds for the tenant, read from its beginning to its end as of now, on a worker thread: the
     * verified anchor of the highest entry (a replayed older anchor cannot lower it while the newer one is still in the
     * topic), and how many of its records do not verify.
     *
     * @throws ProblemException 503 when the topic cannot be read in time: a chain cannot be judged without its anchor
     */
    Uni<Reading> read(TenantId tenant) {
        // On a worker, then back on the caller's context: the chain is read by Hibernate Reactive afterwards.
        return vertx.executeBlocking(Uni.createFrom().item(() -> readBlocking(tenant)));
    }

    /** @param latest null when no verified anchor exists for the tenant (a chain older than anchoring, or none) */
    record Reading(AuditAnchored latest, int forged) {
    }

    private Reading readBlocking(TenantId tenant) {
        String wanted = Topics.auditAnchorKey(tenant.value());
        AuditAnchored latest = null;
        int forged = 0;
        Instant deadline = Instant.now().plus(READ_TIMEOUT);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerSettings)) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.PRIVACY_AUDIT_ANCHORS, READ_TIMEOUT).stream()
                    .map(partition -> new TopicPartition(partition.topic(), partition.partition())).toList();
            if (partitions.isEmpty()) {
                LOG.warnf("Audit anchors of tenant %s not read: the topic %s does not exist", tenant, Topics.PRIVACY_AUDIT_ANCHORS);
                throw unavailable();
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            while (partitions.stream().anyMatch(partition -> consumer.position(partition, READ_TIMEOUT) < end.get(partition))) {
                if (Instant.now().isAfter(deadline)) {
                    throw unavailable();
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!wanted.equals(record.key()) || !isAnchor(record)) {
                        continue;
                    }
                    AuditAnchored anchor = verified(record.value(), tenant);
                    if (anchor == null) {
                        forged++;
                    } else if (latest == null || anchor.seq() > latest.seq()) {
                        latest = anchor;
                    }
                }
            }
        } catch (KafkaException unreachable) {
            LOG.warnf("Audit anchors of tenant %s not read (%s)", tenant, unreachable.getClass().getSimpleName());
            throw unavailable();
        }
        return new Reading(latest, forged);
    }

    private static boolean isAnchor(ConsumerRecord<String, byte[]> record) {
        Header type = record.headers().lastHeader(CloudEventHeaders.TYPE);
        return type != null && EventType.fromCeType(new String(type.value(), StandardCharsets.UTF_8))
                .filter(EventType.AUDIT_ANCHORED::equals).isPresent();
    }

    /** The anchor if the service signed it for this tenant; null for anything else under the tenant's key. */
    private AuditAnchored verified(byte[] payload, TenantId tenant) {
        try {
            AuditAnchored anchor = JSON.readValue(payload, AuditAnchored.class);
            boolean holds = anchor.tenantId().equals(tenant.value())
                    && key.holds(AuditAnchored.signedText(anchor.tenantId(), anchor.seq(), anchor.hash(), anchor.anchoredAt()), anchor.signature());
            return holds ? anchor : null;
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private static ProblemException unavailable() {
        return new ProblemException(503, "audit-anchors-unavailable", "Audit anchors unavailable",
                "The published heads of the audit chain cannot be read now; try again later.");
    }
}
