package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An owner deleted every row it held of the tenant named by the event's {@code tenantid} attribute (docs/adr/0051):
 * its answer to {@link TenantPurgeRequested}, with the rows deleted per table.
 *
 * @param owner  the owner's service name, for example {@code contacts-service}
 * @param counts rows deleted per table name (and {@code import-files} for files), zero or more
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TenantPurged(String owner, Map<String, Long> counts, Instant purgedAt) implements OubliEvent {

    /** Table names are at most 63 characters, lower-case: {@code contact_import_issue}. */
    public TenantPurged {
        TaskCompleted.requireWord(owner, "owner");
        Objects.requireNonNull(purgedAt, "purgedAt");
        TreeMap<String, Long> sorted = new TreeMap<>();
        if (counts != null) {
            counts.forEach((name, count) -> {
                if (name == null || !name.matches("^[a-z][a-z0-9_-]{0,62}$")) {
                    throw new IllegalArgumentException("a count name must be a lower-case table name such as contact_consent");
                }
                if (count == null || count < 0) {
                    throw new IllegalArgumentException("counts are zero or more");
                }
                sorted.put(name, count);
            });
        }
        counts = Collections.unmodifiableMap(sorted);
    }
}
