package dev.oubli.privacy.disclosure;

import java.time.Instant;

/**
 * What an agent ({@code *}: every agent) must say about itself on a channel ({@code ANY}: every channel),
 * and an example of the rendered text. {@code version} goes up with each change and is recorded with each
 * check's evidence as {@code <agentId>/<channel>/v<version>}.
 */
public record DisclosurePolicy(
        String agentId, String channel, String agentName, String agentRole, String companyName, String template, int version,
        Instant updatedAt, String example) {
}
