package dev.oubli.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.config.SaslConfigs;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The local broker of ./dev (docs/adr/0033) authenticates every client with SCRAM-SHA-512 and authorizes it with the
 * ACLs of the KafkaUsers in deploy/kubernetes: the same least privilege as on Kubernetes, proven against the real
 * broker. No record is written to a service topic (the services' consumers would dead-letter it).
 */
class LocalBrokerSecurityTest {

    static final String BOOTSTRAP = System.getenv().getOrDefault("OUBLI_KAFKA_BOOTSTRAP", "127.0.0.1:59092");
    static final Properties USERS = users();

    @Test
    void contactsServiceMayNotWriteThePrivacyRequestsTopic() {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(as("contacts-service", Map.of(
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class)))) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("privacy.requests.v1", new byte[] {1})).get(20, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void anOwnerMayReadThePrivacyRequestsTopicButNotTheTaskResultsItOnlyWrites() {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(as("contacts-service", Map.of(
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class)))) {
            readTheEnd(consumer, "privacy.requests.v1");

            assertThatThrownBy(() -> readTheEnd(consumer, "privacy.task-results.v1"))
                    .isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aClientWithoutCredentialsCannotConnect() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP))) {
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(5_000)).clusterId().get())
                    .isInstanceOf(ExecutionException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        Map<String, Object> settings = as("privacy-service", Map.of());
        settings.put(SaslConfigs.SASL_JAAS_CONFIG, jaas("privacy-service", "not-the-password"));
        try (Admin admin = Admin.create(settings)) {
            assertThatThrownBy(() -> admin.describeCluster(new DescribeClusterOptions().timeoutMs(10_000)).clusterId().get())
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    @Test
    void theBrokerHoldsTheAclsOfEveryKafkaUserOfTheManifests() throws Exception {
        Set<String> declared = new TreeSet<>();
        for (JsonNode user : ProjectRules.ofKind(Overlays.rendered("dev"), "KafkaUser")) {
            for (JsonNode acl : user.path("spec").path("authorization").path("acls")) {
                for (JsonNode operation : acl.path("operations")) {
                    declared.add("User:" + user.path("metadata").path("name").asText() + " "
                            + acl.path("resource").path("type").asText().toUpperCase() + " "
                            + acl.path("resource").path("name").asText() + " " + operation.asText().toUpperCase());
                }
            }
        }
        Set<String> onTheBroker = new TreeSet<>();
        try (Admin admin = Admin.create(as("oubli-admin", Map.of()))) {
            for (AclBinding binding : admin.describeAcls(AclBindingFilter.ANY).values().get(20, TimeUnit.SECONDS)) {
                onTheBroker.add(binding.entry().principal() + " " + binding.pattern().resourceType() + " "
                        + binding.pattern().name() + " " + binding.entry().operation().name().replace("_", ""));
            }
        }
        assertThat(declared).hasSizeGreaterThan(20);
        assertThat(onTheBroker).containsAll(declared);
    }

    /** Fetches from the end of every partition of {@code topic}: a Fetch the broker authorizes like any read. */
    private static void readTheEnd(KafkaConsumer<byte[], byte[]> consumer, String topic) {
        List<TopicPartition> partitions = List.of(0, 1, 2).stream().map(p -> new TopicPartition(topic, p)).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        consumer.poll(Duration.ofSeconds(2));
    }

    private static Map<String, Object> as(String user, Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, BOOTSTRAP);
        all.put(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT");
        all.put(SaslConfigs.SASL_MECHANISM, "SCRAM-SHA-512");
        all.put(SaslConfigs.SASL_JAAS_CONFIG, jaas(user, USERS.getProperty(user)));
        return all;
    }

    private static String jaas(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\"" + password + "\";";
    }

    private static Properties users() {
        Properties users = new Properties();
        try {
            users.load(new StringReader(Repository.read(Repository.ROOT.resolve("deploy/kafka/local-users.properties"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return users;
    }
}
