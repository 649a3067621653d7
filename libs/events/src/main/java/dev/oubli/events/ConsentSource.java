package dev.oubli.events;

/** Where a consent change came from; its proof stays in the privacy service's ledger. */
public enum ConsentSource {
    FORM,
    IMPORT,
    UNSUBSCRIBE_LINK,
    PRIVACY_REQUEST,
    API,
    AGENT
}
