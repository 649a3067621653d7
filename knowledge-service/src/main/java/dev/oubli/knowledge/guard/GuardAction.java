package dev.oubli.knowledge.guard;

/** What a tenant's policy does with a finding of a given kind. */
public enum GuardAction {
    /** Refuse the write; nothing is stored. */
    BLOCK,
    /** Store the text with the value masked, and report it. */
    REDACT,
    /** Store the text unchanged, and report it. */
    WARN
}
