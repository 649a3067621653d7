package dev.oubli.knowledge.subject;

/**
 * An email address or phone number found in a text: its kind, its span ({@code start} inclusive, {@code end}
 * exclusive) and its blind index. The value itself is not kept.
 */
public record Mention(IdentifierKind kind, int start, int end, String blindIndex) {
}
