package dev.oubli.events;

/** The GDPR right a privacy request exercises (Art. 15 to 21). */
public enum RequestType {
    ACCESS,
    PORTABILITY,
    ERASURE,
    RECTIFICATION,
    RESTRICTION,
    OBJECTION
}
