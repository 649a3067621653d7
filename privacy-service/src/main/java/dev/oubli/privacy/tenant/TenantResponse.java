package dev.oubli.privacy.tenant;

import java.time.Instant;
import java.util.UUID;

public record TenantResponse(UUID id, String slug, String displayName, TenantStatus status, Instant createdAt) {
}
