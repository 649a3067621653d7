package dev.oubli.privacy.disclosure;

import java.util.List;

/** A tenant's disclosure policies. */
public record DisclosurePolicyPage(List<DisclosurePolicy> policies) {
}
