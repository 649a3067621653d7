package dev.oubli.knowledge.subject;

/** How an item names a person in the subject index. */
public enum IdentifierKind {
    CONTACT, EMAIL, PHONE
}
