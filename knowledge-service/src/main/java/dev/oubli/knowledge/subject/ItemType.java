package dev.oubli.knowledge.subject;

/** The items of the AI Brain the subject index points at. */
public enum ItemType {
    DOCUMENT, NOTE, CONVERSATION
}
