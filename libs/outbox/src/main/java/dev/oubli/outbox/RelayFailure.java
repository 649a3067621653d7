package dev.oubli.outbox;

import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;

import java.util.concurrent.ExecutionException;

/** Why the broker did not take an outbox row: the reason code stored on the row ({@code last_failure}). */
enum RelayFailure {

    /** Larger than the producer's or the broker's limit: parked at once. */
    TOO_LARGE(true),
    /** A topic name Kafka cannot hold: parked at once. */
    INVALID_TOPIC(true),
    /** The topic does not exist (the broker answers, the metadata never names it). */
    UNKNOWN_TOPIC(false),
    NOT_AUTHORIZED(false),
    /** The broker answers but did not acknowledge this record in time (an offline partition, say). */
    TIMEOUT(false),
    REFUSED(false),
    /** Nothing answers at all: not the row's fault, so not counted against it. */
    BROKER_UNAVAILABLE(false);

    final boolean permanent;

    RelayFailure(boolean permanent) {
        this.permanent = permanent;
    }

    /** The reason read from the exception alone; a retriable one needs {@link OutboxRelay}'s probe to tell more. */
    static RelayFailure of(Throwable failure) {
        Throwable e = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause() : failure;
        if (e instanceof RecordTooLargeException || e instanceof RecordBatchTooLargeException) {
            return TOO_LARGE;
        }
        if (e instanceof InvalidTopicException) {
            return INVALID_TOPIC;
        }
        if (e instanceof AuthorizationException) {
            return NOT_AUTHORIZED;
        }
        if (e instanceof SerializationException) {
            return REFUSED;
        }
        if (e instanceof RetriableException || e instanceof java.util.concurrent.TimeoutException) {
            return TIMEOUT;
        }
        return REFUSED;
    }
}
