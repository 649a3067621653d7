package dev.oubli.knowledge.privacyrequest;

/** The body and answer of {@code /api/erasure-policy}. */
public record ErasurePolicy(MentionErasure mentions) {
}
