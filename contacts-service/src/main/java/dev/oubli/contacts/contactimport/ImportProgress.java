package dev.oubli.contacts.contactimport;

/** Counts of one batch of an import, added to the job's totals. */
record ImportProgress(long read, long inserted, long updated, long skipped, long rejected, long suppressed) {
}
