package dev.oubli.contacts.contact;

/** Why the tenant may process a contact's data (GDPR Art. 6(1)). */
public enum LawfulBasis {
    CONSENT,
    CONTRACT,
    LEGITIMATE_INTEREST,
    LEGAL_OBLIGATION
}
