package dev.oubli.tenancy;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** The tenant (a company using the platform) that owns a row, a request or an event. */
public record TenantId(UUID value) {

    public TenantId {
        Objects.requireNonNull(value, "value");
    }

    /** Reads a tenant id as carried by a token claim or an event attribute; empty when absent or not a UUID. */
    public static Optional<TenantId> parse(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            UUID uuid = UUID.fromString(text.strip());
            // UUID.fromString accepts short groups such as "1-1-1-1-1": insist on the canonical form.
            return uuid.toString().equalsIgnoreCase(text.strip()) ? Optional.of(new TenantId(uuid)) : Optional.empty();
        } catch (IllegalArgumentException notAUuid) {
            return Optional.empty();
        }
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
