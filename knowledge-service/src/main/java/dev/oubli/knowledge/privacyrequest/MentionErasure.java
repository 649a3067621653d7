package dev.oubli.knowledge.privacyrequest;

/** What an erasure does to notes, documents and other people's conversations that mention the subject. */
public enum MentionErasure {
    /** Replace each mention of the subject's email addresses and phone numbers; keep the rest. The default. */
    MASK,
    /** Delete every item that mentions the subject. */
    DELETE
}
