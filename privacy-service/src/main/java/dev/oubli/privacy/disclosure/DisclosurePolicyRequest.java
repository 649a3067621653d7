package dev.oubli.privacy.disclosure;

/**
 * The body of {@code PUT /api/disclosure-policies/{agentId}/{channel}}.
 *
 * @param template plain text with the placeholders {@code {agentName}}, {@code {agentRole}}, {@code {companyName}},
 *                 {@code {agentId}}, {@code {channel}} ({@code {{} and {@code }}} for literal braces; ADR 0019);
 *                 the configured default when absent
 */
public record DisclosurePolicyRequest(String agentName, String agentRole, String companyName, String template) {
}
