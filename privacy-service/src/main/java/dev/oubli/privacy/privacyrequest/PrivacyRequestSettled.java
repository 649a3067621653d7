package dev.oubli.privacy.privacyrequest;

import dev.oubli.events.RequestType;
import dev.oubli.tenancy.TenantId;

import java.util.UUID;

/**
 * A self-service request was settled after its subject proved who they are: the final notice goes to
 * {@code address}, which the service no longer holds once this is fired (after the commit).
 *
 * @param address personal data: never logged, never shown in {@link #toString()}
 */
public record PrivacyRequestSettled(TenantId tenant, UUID requestId, RequestType type, String status, String address) {

    @Override
    public String toString() {
        return "PrivacyRequestSettled[tenant=" + tenant + ", requestId=" + requestId + ", status=" + status + "]";
    }
}
