package dev.oubli.events;

/** How a person may be contacted, and therefore what a consent is given or withdrawn for. */
public enum ContactChannel {
    EMAIL,
    SMS,
    PHONE,
    CHAT
}
