package dev.oubli.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The whole retention policy of the tenant named by the event's {@code tenantid} attribute, as privacy-service holds it
 * (docs/adr/0057): the limit of every category in days (defaults included: never "forever") and the subjects and
 * requests under a legal hold, whose data no purge removes. Compacted per tenant: the newest replaces the older.
 *
 * @param version          1, then +1 at each change of the limits or holds
 * @param days             limit per {@link RetentionCategory} name; a name this reader does not know is ignored
 * @param heldContactIds   contact ids under a legal hold
 * @param heldEmailIndexes blind indexes of emails under a legal hold
 * @param heldPhoneIndexes blind indexes of phone numbers under a legal hold
 * @param heldRequests     privacy requests under a legal hold
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RetentionPolicySet(int version, Map<String, Integer> days, List<UUID> heldContactIds, List<String> heldEmailIndexes,
                                 List<String> heldPhoneIndexes, List<UUID> heldRequests, Instant setAt) implements OubliEvent {

    public RetentionPolicySet {
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1");
        }
        Objects.requireNonNull(setAt, "setAt");
        TreeMap<String, Integer> sorted = new TreeMap<>();
        if (days != null) {
            days.forEach((name, limit) -> {
                if (name == null || !name.matches("^[A-Z][A-Z0-9_]{0,62}$")) {
                    throw new IllegalArgumentException("a category is an upper-case name such as NOTES");
                }
                if (limit == null || limit < 1) {
                    throw new IllegalArgumentException("a limit is one day or more");
                }
                sorted.put(name, limit);
            });
        }
        days = Collections.unmodifiableMap(sorted);
        heldContactIds = heldContactIds == null ? List.of() : List.copyOf(heldContactIds);
        heldEmailIndexes = blindIndexes("heldEmailIndexes", heldEmailIndexes);
        heldPhoneIndexes = blindIndexes("heldPhoneIndexes", heldPhoneIndexes);
        heldRequests = heldRequests == null ? List.of() : List.copyOf(heldRequests);
    }

    /** The limit of {@code category} in days, if the policy names it. */
    public java.util.Optional<Integer> daysOf(RetentionCategory category) {
        return java.util.Optional.ofNullable(days.get(category.name()));
    }

    private static List<String> blindIndexes(String field, List<String> indexes) {
        List<String> copy = indexes == null ? List.of() : List.copyOf(indexes);
        for (int i = 0; i < copy.size(); i++) {
            if (!SubjectRef.BLIND_INDEX.matcher(copy.get(i)).matches()) {
                throw new IllegalArgumentException(field + "[" + i + "] is not a blind index (43 base64url characters, no padding)");
            }
        }
        return copy;
    }
}
