package dev.oubli.events;

/** A consent's state after a change. */
public enum ConsentState {
    GRANTED,
    WITHDRAWN
}
