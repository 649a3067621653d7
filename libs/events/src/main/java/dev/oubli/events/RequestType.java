package dev.oubli.events;

/** The GDPR right a privacy request exercises (Art. 15 to 21). */
public enum RequestType {
    ACCESS,
    PORTABILITY,
    ERASURE,
    RECTIFICATION,
    RESTRICTION,
    OBJECTION,
    /** Lifts an Art. 18 restriction of the same subject (Art. 18(3)): each owner uses its data again (ADR 0039). */
    RESTRICTION_LIFT
}
