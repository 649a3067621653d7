package dev.oubli.privacy.retention;

import java.time.Instant;

/** What one owner's purge of one category deleted in one run, under which policy version. */
public record RetentionRun(String owner, String category, int policyVersion, long deleted, Instant ranAt) {
}
