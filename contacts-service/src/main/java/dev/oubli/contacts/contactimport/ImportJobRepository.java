package dev.oubli.contacts.contactimport;

import dev.oubli.contacts.contact.LawfulBasis;
import dev.oubli.tenancy.TenantId;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** Import jobs, their progress and their report (row numbers and reason codes). */
@ApplicationScoped
class ImportJobRepository {

    /**
     * How long an unfinished job stays QUEUED or RUNNING without its instance renewing it (every {@link #RENEWAL}); past
     * that, it reads as FAILED with this failure, and its instance, if it still runs, stops at its next batch.
     */
    static final Duration LEASE = Duration.ofMinutes(2);
    static final Duration RENEWAL = Duration.ofSeconds(30);
    static final String INTERRUPTED = "INTERRUPTED";

    Uni<Integer> create(TenantId tenant, UUID id, ImportOptions options, long bytesTotal) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact_import (tenant_id, id, status, format, lawful_basis, duplicates, source,
                            consent_channels, proof_source, proof_collected_at, proof_text_version, bytes_total, lease_until, imported_by)
                        values (:tenant, :id, 'QUEUED', :format, :basis, :duplicates, :source, :channels, :proofSource,
                            :collectedAt, :proofVersion, :bytes, now() + make_interval(secs => :lease), :importedBy)""")
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .setParameter("format", options.format())
                .setParameter("basis", options.lawfulBasis().name())
                .setParameter("duplicates", options.update() ? "update" : "skip")
                .setParameter("source", options.source())
                .setParameter("channels", options.channels().isEmpty() ? null : String.join(",", options.channels()))
                .setParameter("proofSource", options.proofSource())
                .setParameter("collectedAt", options.proofCollectedAt())
                .setParameter("proofVersion", options.proofTextVersion())
                .setParameter("bytes", bytesTotal)
                .setParameter("lease", LEASE.toSeconds())
                .setParameter("importedBy", options.importedBy())
                .executeUpdate());
    }

    /** Where an interrupted job resumes: its options, the rows its committed batches read, the issues reported. */
    record Resumed(ImportOptions options, long rowsRead, long bytesRead, int issuesReported) {
    }

    /**
     * Takes up a job this instance's upload directory holds after a restart (docs/adr/0045): unfinished, or declared
     * interrupted meanwhile, it is RUNNING again under a new lease, from its last committed batch.
     *
     * @return null when the job ended (or is gone): nothing to resume
     */
    Uni<Resumed> resume(TenantId tenant, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update contact_import set status = 'RUNNING', failure = null, finished_at = null,
                            lease_until = now() + make_interval(secs => :lease)
                        where tenant_id = :tenant and id = :id
                          and (status in ('QUEUED', 'RUNNING') or status = 'FAILED' and failure = :interrupted)""")
                .setParameter("lease", LEASE.toSeconds())
                .setParameter("interrupted", INTERRUPTED)
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .executeUpdate()
                .chain(updated -> updated == 0 ? Uni.createFrom().<Resumed>nullItem() : session.createNativeQuery("""
                                select format, lawful_basis, duplicates, source, consent_channels, proof_source, proof_collected_at,
                                    proof_text_version, imported_by, rows_read, bytes_read,
                                    (select count(*) from contact_import_issue i where i.tenant_id = j.tenant_id and i.import_id = j.id)
                                from contact_import j where tenant_id = :tenant and id = :id""", Object[].class)
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .getSingleResult()
                        .map(job -> new Resumed(new ImportOptions((String) job[0], LawfulBasis.valueOf((String) job[1]),
                                "update".equals(job[2]), (String) job[3],
                                job[4] == null ? List.of() : List.of(((String) job[4]).split(",")), (String) job[5],
                                (OffsetDateTime) job[6], (String) job[7], (String) job[8]),
                                number(job[9]), number(job[10]), (int) number(job[11])))));
    }

    /** Extends the leases of these unfinished jobs of the tenant, held by this instance. */
    Uni<Integer> renew(TenantId tenant, Collection<UUID> ids) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update contact_import set lease_until = now() + make_interval(secs => :lease)
                        where tenant_id = :tenant and id in (:ids) and status in ('QUEUED', 'RUNNING')""")
                .setParameter("tenant", tenant.value())
                .setParameter("ids", ids)
                .setParameter("lease", LEASE.toSeconds())
                .executeUpdate());
    }

    /** @return 0 if the job is no longer running (its lease ran out and it was declared interrupted) */
    Uni<Integer> progress(TenantId tenant, UUID id, long bytesRead, ImportProgress delta) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update contact_import set status = 'RUNNING', bytes_read = :bytes, rows_read = rows_read + :read,
                            rows_accepted = rows_accepted + :accepted, rows_updated = rows_updated + :updated,
                            rows_skipped = rows_skipped + :skipped, rows_rejected = rows_rejected + :rejected,
                            rows_suppressed = rows_suppressed + :suppressed
                        where tenant_id = :tenant and id = :id and status in ('QUEUED', 'RUNNING')""")
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .setParameter("bytes", bytesRead)
                .setParameter("read", delta.read())
                .setParameter("accepted", delta.inserted())
                .setParameter("updated", delta.updated())
                .setParameter("skipped", delta.skipped())
                .setParameter("rejected", delta.rejected())
                .setParameter("suppressed", delta.suppressed())
                .executeUpdate());
    }

    /** @param issues JSON array of {"n": row number, "reason": code} */
    Uni<Integer> report(TenantId tenant, UUID id, String issues) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into contact_import_issue (tenant_id, import_id, row_number, reason)
                        select :tenant, :id, r.n, r.reason from json_to_recordset(cast(cast(:issues as text) as json)) as r(n bigint, reason text)
                        on conflict do nothing""")
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .setParameter("issues", issues)
                .executeUpdate());
    }

    Uni<Integer> finish(TenantId tenant, UUID id, String status, String failure) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update contact_import set status = :status, failure = :failure, finished_at = :now, lease_until = null,
                            bytes_read = case when :status = 'COMPLETED' then bytes_total else bytes_read end
                        where tenant_id = :tenant and id = :id and status in ('QUEUED', 'RUNNING')""")
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .setParameter("status", status)
                .setParameter("failure", failure)
                .setParameter("now", OffsetDateTime.now())
                .executeUpdate());
    }

    /** Declares the job interrupted if it is unfinished and its lease ran out: its instance is gone. */
    private Uni<Integer> expire(TenantId tenant, UUID id) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        update contact_import set status = 'FAILED', failure = :interrupted,
                            finished_at = coalesce(lease_until, now()), lease_until = null
                        where tenant_id = :tenant and id = :id and status in ('QUEUED', 'RUNNING')
                          and (lease_until is null or lease_until < now())""")
                .setParameter("interrupted", INTERRUPTED)
                .setParameter("tenant", tenant.value())
                .setParameter("id", id)
                .executeUpdate());
    }

    @SuppressWarnings("unchecked")
    Uni<ContactImportResponse> find(TenantId tenant, UUID id, int issueLimit) {
        return expire(tenant, id).chain(ignored -> Panache.getSession()).chain(session -> session.createNativeQuery("""
                                select status, format, lawful_basis, duplicates, bytes_total, bytes_read, rows_read, rows_accepted,
                                    rows_updated, rows_skipped, rows_rejected, rows_suppressed, failure, created_at, finished_at
                                from contact_import where tenant_id = :tenant and id = :id""")
                        .setParameter("tenant", tenant.value())
                        .setParameter("id", id)
                        .getResultList()
                        .chain(jobs -> {
                            if (jobs.isEmpty()) {
                                return Uni.createFrom().nullItem();
                            }
                            Object[] job = (Object[]) jobs.get(0);
                            return session.createNativeQuery("""
                                            select row_number, reason from contact_import_issue where tenant_id = :tenant and import_id = :id
                                            order by row_number, reason limit :limit""")
                                    .setParameter("tenant", tenant.value())
                                    .setParameter("id", id)
                                    .setParameter("limit", issueLimit + 1)
                                    .getResultList()
                                    .map(rows -> response(id, job, (List<Object>) rows, issueLimit));
                        }));
    }

    private static ContactImportResponse response(UUID id, Object[] job, List<Object> rows, int issueLimit) {
        List<ContactImportResponse.Issue> issues = new ArrayList<>();
        for (Object row : rows.subList(0, Math.min(rows.size(), issueLimit))) {
            Object[] columns = (Object[]) row;
            issues.add(new ContactImportResponse.Issue(((Number) columns[0]).longValue(), (String) columns[1]));
        }
        long total = number(job[4]);
        long read = number(job[5]);
        int percent = total == 0 ? 100 : (int) Math.min(100, read * 100 / total);
        long inserted = number(job[7]);
        long updated = number(job[8]);
        return new ContactImportResponse(id, (String) job[0], (String) job[1], (String) job[2], (String) job[3],
                new ContactImportResponse.Progress(number(job[6]), inserted + updated, inserted, updated, number(job[9]),
                        number(job[10]), number(job[11]), percent),
                issues, rows.size() > issueLimit, (String) job[12], (OffsetDateTime) job[13], (OffsetDateTime) job[14]);
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }
}
