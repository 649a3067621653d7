package dev.oubli.privacy.disclosure;

/**
 * The body of {@code PUT /api/disclosure-policies/{agentId}/{channel}}.
 *
 * @param template a Qute template over {@code agentName}, {@code agentRole}, {@code companyName},
 *                 {@code agentId} and {@code channel}; the configured default when absent
 */
public record DisclosurePolicyRequest(String agentName, String agentRole, String companyName, String template) {
}
