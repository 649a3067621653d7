package dev.oubli.events;

/** Why a data owner could not do its part of a request: a code, so that no free text can leak personal data. */
public enum TaskFailureReason {
    /** The owner cannot use the subject reference at all. An owner that finds no data completes with zero counts. */
    SUBJECT_NOT_RESOLVABLE,
    /** The owner does not handle this request type (the owner registry and the owner disagree). */
    UNSUPPORTED_REQUEST_TYPE,
    /** The request is malformed for this owner, for example an export without a usable public key. */
    INVALID_REQUEST,
    /** The owner failed on its side (database, storage); usually retryable. */
    OWNER_ERROR,
    /**
     * The owner can never apply the request's record (unreadable for it, or refused on every attempt): the record went
     * to its dead-letter topic (docs/adr/0044). Not retryable until an operator fixes the cause and replays it.
     */
    DEAD_LETTERED
}
