package dev.oubli.knowledge.subject;

/** How an item concerns a person. */
public enum SubjectRole {
    /** A participant of a conversation. */
    PARTICIPANT,
    /** The contact a note is about. */
    ABOUT,
    /** An email address or phone number found in the item's text. */
    MENTION
}
