package dev.oubli.contacts.contactimport;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.oubli.contacts.consent.SuppressionService;
import dev.oubli.contacts.contact.ContactImportBatch;
import dev.oubli.contacts.contact.ContactService;
import dev.oubli.contacts.contact.InvalidContactException;
import dev.oubli.contacts.contact.ValidContact;
import dev.oubli.problem.ProblemException;
import dev.oubli.tenancy.TenantId;
import dev.oubli.tenancy.TenantTransactions;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.interceptor.Interceptor;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Contact imports. The upload is written to a file of the {@link UploadSpool} as it arrives (memory stays flat
 * whatever its size) and the job id answered at once; one import thread then streams the file, validates each row as
 * the API would, and writes batches of {@link #BATCH_ROWS} rows in one statement each, the next batch
 * being parsed while the previous one is written. The file is deleted when the job ends.
 * <p>
 * Each batch commits with the job's progress (rows read). A shutdown leaves the job RUNNING and its file kept
 * ({@link UploadSpool#keep}); at the next start the instance resumes each job its directory holds from its last committed
 * batch: every row is written once (docs/adr/0045). A crash ({@code kill -9}) is the same, without the graceful stop.
 */
@ApplicationScoped
public class ContactImportService {

    static final int BATCH_ROWS = 2000;
    static final int MAX_REPORTED_ISSUES = 10_000;
    static final String SUPPRESSED = "SUPPRESSED_NO_MARKETING_CONSENT";
    private static final Logger LOG = Logger.getLogger(ContactImportService.class);

    private final ContactService contacts;
    private final SuppressionService suppressions;
    private final ImportedConsents importedConsents;
    private final ImportJobRepository jobs;
    private final TenantTransactions transactions;
    private final ObjectMapper json;
    private final UploadSpool spool;
    private final ExecutorService importer = Executors.newSingleThreadExecutor(named("contact-import"));
    private final ExecutorService writer = Executors.newSingleThreadExecutor(named("contact-import-writer"));
    /** This instance's unfinished jobs, whose leases it renews. */
    private final Map<UUID, TenantId> unfinished = new ConcurrentHashMap<>();
    private final ScheduledExecutorService leases = Executors.newSingleThreadScheduledExecutor(named("contact-import-leases"));
    private volatile boolean stopping;

    ContactImportService(ContactService contacts, SuppressionService suppressions, ImportedConsents importedConsents,
                         ImportJobRepository jobs, TenantTransactions transactions, ObjectMapper json, UploadSpool spool) {
        this.contacts = contacts;
        this.suppressions = suppressions;
        this.importedConsents = importedConsents;
        this.jobs = jobs;
        this.transactions = transactions;
        this.json = json;
        this.spool = spool;
        long renewal = ImportJobRepository.RENEWAL.toMillis();
        leases.scheduleWithFixedDelay(this::renewLeases, renewal, renewal, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        stopping = true; // the running import stops where it is: its job and its file wait for the restart
        leases.shutdownNow();
        importer.shutdownNow();
        writer.shutdownNow();
    }

    /** Stores the upload and queues the job. Blocking: call it on a worker thread. */
    UUID submit(TenantId tenant, ImportOptions options, InputStream body) {
        UploadSpool.Upload received = spool.receive(body);
        UUID id = UUID.randomUUID();
        UploadSpool.Upload upload;
        try {
            await(() -> transactions.inTransaction(tenant, () -> jobs.create(tenant, id, options, received.size())));
            upload = spool.keep(received, tenant, id);
        } catch (RuntimeException e) {
            spool.release(received);
            throw e;
        }
        track(tenant, id);
        try {
            importer.execute(() -> run(tenant, id, options, upload, new ImportJobRepository.Resumed(options, 0, 0, 0)));
        } catch (RejectedExecutionException e) { // shutting down: the job is left to its lease, read as INTERRUPTED
            untrack(id);
            spool.release(upload);
            throw e;
        }
        return id;
    }

    /**
     * A tenant purge (docs/adr/0051): deletes the uploads kept for the tenant's import jobs. Blocking (files): call it
     * off the event loop.
     *
     * @return the files deleted
     */
    public long purgeUploads(TenantId tenant) {
        long deleted = 0;
        for (UploadSpool.Kept kept : spool.kept()) {
            if (kept.tenant().equals(tenant)) {
                spool.release(kept.upload());
                deleted++;
            }
        }
        return deleted;
    }

    /**
     * At start, after the spool removed partial uploads: resumes the imports a stopped instance left unfinished, each from
     * its last committed batch; a job that ended meanwhile (or is gone) only has its file deleted.
     */
    void resumeInterrupted(@Observes @Priority(Interceptor.Priority.APPLICATION + 600) StartupEvent start) {
        for (UploadSpool.Kept kept : spool.kept()) {
            ImportJobRepository.Resumed resumed;
            try {
                resumed = await(() -> transactions.inTransaction(kept.tenant(), () -> jobs.resume(kept.tenant(), kept.job())));
            } catch (RuntimeException e) {
                LOG.warnf("Import %s of tenant %s could not be resumed (%s): it is retried at the next start", kept.job(),
                        kept.tenant(), e.getClass().getSimpleName());
                continue;
            }
            if (resumed == null) {
                spool.release(kept.upload());
                continue;
            }
            LOG.infof("Import %s of tenant %s resumes after row %d", kept.job(), kept.tenant(), resumed.rowsRead());
            track(kept.tenant(), kept.job());
            importer.execute(() -> run(kept.tenant(), kept.job(), resumed.options(), kept.upload(), resumed));
        }
    }

    /** From now on this instance renews the job's lease. */
    void track(TenantId tenant, UUID id) {
        unfinished.put(id, tenant);
    }

    void untrack(UUID id) {
        unfinished.remove(id);
    }

    /** Renews the leases of this instance's unfinished jobs, a statement per tenant. */
    void renewLeases() {
        Map<TenantId, List<UUID>> byTenant = new HashMap<>();
        unfinished.forEach((id, tenant) -> byTenant.computeIfAbsent(tenant, ignored -> new ArrayList<>()).add(id));
        byTenant.forEach((tenant, ids) -> {
            try {
                await(() -> transactions.inTransaction(tenant, () -> jobs.renew(tenant, ids)));
            } catch (RuntimeException e) {
                LOG.warnf("The leases of %d imports of tenant %s could not be renewed: %s", ids.size(), tenant,
                        e.getClass().getSimpleName());
            }
        });
    }

    Uni<ContactImportResponse> status(TenantId tenant, UUID id) {
        return transactions.inTransaction(tenant, () -> jobs.find(tenant, id, 1000))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("There is no import with this id."));
    }

    /** @param from where the job resumes: rows its committed batches read (skipped here), issues already reported */
    private void run(TenantId tenant, UUID id, ImportOptions options, UploadSpool.Upload upload, ImportJobRepository.Resumed from) {
        long started = System.nanoTime();
        AtomicLong bytesRead = new AtomicLong();
        boolean ended = false;
        try (InputStream raw = new CountingStream(Files.newInputStream(upload.file()), bytesRead);
             Reader text = new BufferedReader(new InputStreamReader(raw, StandardCharsets.UTF_8.newDecoder()
                     .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE)), 1 << 16)) {
            Iterator<ImportRow> rows = options.format().equals(ImportOptions.CSV) ? new CsvRows(text) : new JsonLinesRows(text, json);
            for (long skipped = 0; skipped < from.rowsRead() && rows.hasNext(); skipped++) {
                rows.next();
            }
            Batch batch = new Batch();
            CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
            int[] reported = {from.issuesReported()};
            List<ImportRow> read = new ArrayList<>(BATCH_ROWS);
            while (rows.hasNext() || !read.isEmpty()) {
                while (read.size() < BATCH_ROWS && rows.hasNext()) {
                    read.add(rows.next());
                }
                // Validation (libphonenumber, two HMACs per row) is most of the CPU an import needs: use every core.
                Object[] checked = read.parallelStream().map(row -> checked(tenant, row)).toArray();
                for (int i = 0; i < checked.length; i++) {
                    long number = read.get(i).number();
                    batch.read++;
                    if (checked[i] instanceof ValidContact valid) {
                        if (valid.emailIndex() != null && batch.emails.contains(valid.emailIndex())) {
                            // The same email twice in one statement: write what precedes it first, as a file read in order would.
                            written(writing);
                            writing = write(tenant, id, options, batch, bytesRead.get(), reported);
                            batch = new Batch();
                        }
                        batch.add(number, valid);
                    } else {
                        batch.reject(number, (String) checked[i]);
                    }
                }
                read.clear();
                written(writing);
                writing = write(tenant, id, options, batch, bytesRead.get(), reported);
                batch = new Batch();
            }
            written(writing);
            await(() -> transactions.inTransaction(tenant, () -> jobs.finish(tenant, id, "COMPLETED", null)));
            ended = true;
            LOG.infof("Import %s of tenant %s completed in %d ms", id, tenant, (System.nanoTime() - started) / 1_000_000);
        } catch (ImportFailure failure) {
            LOG.infof("Import %s of tenant %s failed: %s", id, tenant, failure.code());
            fail(tenant, id, failure.code());
            ended = true;
        } catch (IOException | RuntimeException e) {
            if (stopping) { // the shutdown closed what the import was using: not the import's fault
                LOG.infof("Import %s of tenant %s stopped by the shutdown: it resumes at the next start", id, tenant);
            } else {
                LOG.errorf("Import %s of tenant %s failed: %s", id, tenant, e.getClass().getName());
                fail(tenant, id, "INTERNAL_ERROR");
                ended = true;
            }
        } finally {
            untrack(id);
            if (ended) {
                spool.release(upload);
            }
        }
    }

    /** Waits for a batch to be written; its failure as thrown (an {@link ImportFailure} stays one). */
    private static void written(CompletableFuture<Void> writing) {
        try {
            writing.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** The row's valid contact, or the reason it is rejected. */
    private Object checked(TenantId tenant, ImportRow row) {
        if (row.rejection() != null) {
            return row.rejection();
        }
        try {
            return contacts.validate(tenant, row.draft());
        } catch (InvalidContactException invalid) {
            return invalid.reason();
        }
    }

    private void fail(TenantId tenant, UUID id, String code) {
        try {
            await(() -> transactions.inTransaction(tenant, () -> jobs.finish(tenant, id, "FAILED", code)));
        } catch (RuntimeException e) {
            LOG.errorf("Import %s of tenant %s: its failure could not be recorded", id, tenant);
        }
    }

    /** Writes one batch, its report and its progress in one transaction, on the writer thread. */
    private CompletableFuture<Void> write(TenantId tenant, UUID id, ImportOptions options, Batch batch, long bytesRead, int[] reported) {
        return CompletableFuture.runAsync(() -> await(() -> transactions.inTransaction(tenant, () ->
                suppressedRows(tenant, options, batch).chain(suppressed -> {
                    List<Boolean> grant = new ArrayList<>(batch.contacts.size());
                    for (int n = 0; n < batch.contacts.size(); n++) {
                        grant.add(!options.channels().isEmpty() && !suppressed.contains(n));
                        if (suppressed.contains(n)) {
                            batch.issues.add(new ImportIssue(batch.numbers.get(n), SUPPRESSED));
                        }
                    }
                    Uni<ContactImportBatch.Result> written = batch.contacts.isEmpty()
                            ? Uni.createFrom().item(new ContactImportBatch.Result(0, 0, 0))
                            : contacts.importBatch(tenant, new ContactImportBatch(id, batch.contacts, grant, options.update(),
                            options.source(), options.lawfulBasis(), options.channels(), options.proofSource(),
                            options.proofCollectedAt(), options.proofTextVersion()))
                            .call(() -> importedConsents.publish(tenant, id, options, batch.contacts, batch.numbers, grant));
                    return written.chain(result -> report(tenant, id, batch.issues, reported)
                            .chain(() -> jobs.progress(tenant, id, bytesRead, new ImportProgress(batch.read, result.inserted(),
                                    result.updated(), result.skipped(), batch.rejected, suppressed.size())))
                            .invoke(updated -> {
                                if (updated == 0) { // declared interrupted meanwhile: this batch is rolled back, the import stops
                                    throw new ImportFailure(ImportJobRepository.INTERRUPTED, "The import's lease ran out.");
                                }
                            }));
                }))), writer);
    }

    /** Positions (in the batch) of rows whose email or phone is suppressed; none when the import grants no consent. */
    private Uni<Set<Integer>> suppressedRows(TenantId tenant, ImportOptions options, Batch batch) {
        if (options.channels().isEmpty() || batch.contacts.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        List<String> indexes = new ArrayList<>();
        for (ValidContact contact : batch.contacts) {
            if (contact.emailIndex() != null) {
                indexes.add(contact.emailIndex());
            }
            if (contact.phoneIndex() != null) {
                indexes.add(contact.phoneIndex());
            }
        }
        return suppressions.suppressedAmong(tenant, indexes).map(found -> {
            Set<Integer> rows = new HashSet<>();
            for (int n = 0; n < batch.contacts.size(); n++) {
                ValidContact contact = batch.contacts.get(n);
                if (found.contains(contact.emailIndex()) || found.contains(contact.phoneIndex())) {
                    rows.add(n);
                }
            }
            return rows;
        });
    }

    private Uni<Integer> report(TenantId tenant, UUID id, List<ImportIssue> issues, int[] reported) {
        int room = Math.min(issues.size(), MAX_REPORTED_ISSUES - reported[0]);
        if (room <= 0) {
            return Uni.createFrom().item(0);
        }
        reported[0] += room;
        StringWriter text = new StringWriter();
        try (JsonGenerator out = json.getFactory().createGenerator(text)) {
            out.writeStartArray();
            for (ImportIssue issue : issues.subList(0, room)) {
                out.writeStartObject();
                out.writeNumberField("n", issue.row());
                out.writeStringField("reason", issue.reason());
                out.writeEndObject();
            }
            out.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return jobs.report(tenant, id, text.toString());
    }

    private static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return work -> {
            Thread thread = new Thread(work, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    private record ImportIssue(long row, String reason) {
    }

    /** Rows read since the last write: the valid ones, their row numbers, and the issues. */
    private static final class Batch {
        final List<ValidContact> contacts = new ArrayList<>(BATCH_ROWS);
        final List<Long> numbers = new ArrayList<>(BATCH_ROWS);
        final Set<String> emails = new HashSet<>();
        final List<ImportIssue> issues = new ArrayList<>();
        long read;
        long rejected;

        void add(long number, ValidContact contact) {
            contacts.add(contact);
            numbers.add(number);
            if (contact.emailIndex() != null) {
                emails.add(contact.emailIndex());
            }
        }

        void reject(long number, String reason) {
            issues.add(new ImportIssue(number, reason));
            rejected++;
        }
    }

    /** Counts the bytes read from the upload: the job's progress. */
    private static final class CountingStream extends FilterInputStream {
        private final AtomicLong count;

        CountingStream(InputStream in, AtomicLong count) {
            super(in);
            this.count = count;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count.incrementAndGet();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count.addAndGet(n);
            }
            return n;
        }
    }
}
