package dev.oubli.outbox;

import dev.oubli.events.CloudEventHeaders;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;

/** An outbox row as a Kafka record in CloudEvents 1.0 binary mode. */
final class CloudEventRecord {

    private CloudEventRecord() {
    }

    static ProducerRecord<String, byte[]> of(ResultSet row, String source) throws SQLException {
        RecordHeaders headers = new RecordHeaders(List.of(
                header(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0),
                header(CloudEventHeaders.ID, row.getString("event_id")),
                header(CloudEventHeaders.TYPE, row.getString("event_type")),
                header(CloudEventHeaders.SOURCE, CloudEventHeaders.source(source)),
                header(CloudEventHeaders.TIME, row.getObject("occurred_at", OffsetDateTime.class).toInstant().toString()),
                header(CloudEventHeaders.TENANT_ID, row.getString("tenant_id")),
                header(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.APPLICATION_JSON)));
        String traceparent = row.getString("traceparent");
        if (traceparent != null) { // the CloudEvents distributed-tracing extension (docs/adr/0045)
            headers.add(header(EventTracing.TRACEPARENT_HEADER, traceparent));
        }
        return new ProducerRecord<>(row.getString("topic"), null, row.getString("message_key"), row.getBytes("payload"), headers);
    }

    private static RecordHeader header(String name, String value) {
        return new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
