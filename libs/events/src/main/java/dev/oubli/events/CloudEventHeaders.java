package dev.oubli.events;

/**
 * CloudEvents 1.0 attributes in Kafka binary mode: each attribute is a record header prefixed {@code ce_},
 * the payload is the event's JSON and its media type travels as {@code content-type}.
 */
public final class CloudEventHeaders {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String SPEC_VERSION_1_0 = "1.0";
    /** Unique per event, stable across re-sends of the same outbox row: what an inbox deduplicates on. */
    public static final String ID = "ce_id";
    /** An {@link EventType#ceType()} value. */
    public static final String TYPE = "ce_type";
    /** The producing service as a URI reference, see {@link #source(String)}. */
    public static final String SOURCE = "ce_source";
    /** When the fact happened, RFC 3339 ({@code Instant.toString()}). */
    public static final String TIME = "ce_time";
    /** Extension attribute: the tenant whose data the event is about. Consumers take the tenant from here only. */
    public static final String TENANT_ID = "ce_tenantid";
    public static final String CONTENT_TYPE = "content-type";
    public static final String APPLICATION_JSON = "application/json";

    private CloudEventHeaders() {
    }

    /** The ce_source of a service: {@code /privacy-service}. */
    public static String source(String serviceName) {
        return "/" + serviceName;
    }
}
