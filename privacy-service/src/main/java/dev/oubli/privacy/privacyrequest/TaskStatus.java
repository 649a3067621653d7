package dev.oubli.privacy.privacyrequest;

/** One data owner's part of a request: pending until its receipt arrives. */
enum TaskStatus {
    PENDING,
    COMPLETED,
    FAILED
}
