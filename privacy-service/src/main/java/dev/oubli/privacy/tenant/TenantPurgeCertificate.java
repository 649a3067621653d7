package dev.oubli.privacy.tenant;

import dev.oubli.privacy.certificate.CanonicalJson;
import dev.oubli.tenancy.TenantId;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A purged tenant's certificate (docs/adr/0051): the signed document (canonical JSON: the tenant id, its dates and
 * each owner's rows deleted per table) and its Ed25519 signature by the service key, base64url. Anyone checks it with
 * {@code POST /public/erasure-certificates/verification}, which takes the same two fields.
 */
public record TenantPurgeCertificate(String document, String signature) {

    static final String TYPE = "oubli-tenant-purge-certificate-v1";

    /**
     * The document to sign: each owner's answer, privacy-service's own counts, and the tenant's dates
     * ({@code dates}: termination requested, access ended, purge started, created, as read from the registry row).
     */
    static String document(TenantId tenant, JsonObject answers, Map<String, Long> own, Object[] dates, Instant purgedAt) {
        Map<String, Object> owners = new TreeMap<>();
        answers.forEach(answer -> owners.put(answer.getKey(),
                answer.getValue() instanceof JsonObject counts ? counts.getMap() : answer.getValue()));
        owners.put(TenantPurge.OWNER, own);
        Map<String, Object> content = new LinkedHashMap<>();
        content.put("type", TYPE);
        content.put("tenantId", tenant.value());
        content.put("createdAt", instant(dates[3]));
        content.put("terminationRequestedAt", instant(dates[0]));
        content.put("accessEndedAt", instant(dates[1]));
        content.put("purgeStartedAt", instant(dates[2]));
        content.put("purgedAt", purgedAt);
        content.put("owners", owners);
        return CanonicalJson.write(content);
    }

    private static Instant instant(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof OffsetDateTime date) {
            return date.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof Instant date) {
            return date.truncatedTo(ChronoUnit.MILLIS);
        }
        if (value instanceof java.sql.Timestamp date) {
            return date.toInstant().truncatedTo(ChronoUnit.MILLIS);
        }
        throw new IllegalStateException("not a date: " + value.getClass().getSimpleName());
    }
}
