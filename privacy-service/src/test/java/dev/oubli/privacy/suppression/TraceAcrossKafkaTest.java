package dev.oubli.privacy.suppression;

import dev.oubli.events.Topics;
import dev.oubli.outbox.CloudEventTopics;
import dev.oubli.subjectindex.SubjectIndex;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trace of an HTTP request reaches the events it wrote (docs/adr/0045): the outbox row keeps the request's
 * traceparent and the relay sends it as the CloudEvents extension header {@code ce_traceparent}; each consumer's span
 * continues it (libs/outbox EventTracingTest).
 */
@QuarkusTest
class TraceAcrossKafkaTest {

    @Inject
    SubjectIndex subjectIndex;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    @Test
    void theTraceIdOfTheRequestThatSuppressedASubjectIsTheTraceIdOfThePublishedEvent() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String email = SuppressionResourceTest.email();
        String key = SuppressionResourceTest.TENANT + ":" + subjectIndex.email(SuppressionResourceTest.TENANT, email).value()
                + ":EMAIL:MARKETING";
        try (KafkaConsumer<String, byte[]> consumer = CloudEventTopics.readFromTheEnd(bootstrapServers, Topics.PRIVACY_CONSENTS)) {
            given().auth().oauth2(SuppressionResourceTest.officer()).contentType(ContentType.JSON)
                    .header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
                    .body("{\"subject\":{\"email\":\"" + email + "\"},\"reason\":\"OBJECTED\"}")
                    .when().post("/api/suppressions").then().statusCode(200);

            ConsumerRecord<String, byte[]> published = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (published == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        published = record;
                    }
                }
            }
            assertThat(published).as("ConsentChanged for the suppression").isNotNull();
            Header traceparent = published.headers().lastHeader("ce_traceparent");
            assertThat(traceparent).as("ce_traceparent").isNotNull();
            // The request's trace, a span of this service (not the caller's span id): version-trace-span-flags.
            assertThat(new String(traceparent.value(), StandardCharsets.UTF_8))
                    .matches("00-" + traceId + "-(?!00f067aa0ba902b7)[0-9a-f]{16}-0[01]");
        }
    }
}
