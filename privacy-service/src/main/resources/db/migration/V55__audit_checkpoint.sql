-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0061) Audit entries past their legal period are removed oldest first, behind a checkpoint: the number and
-- hash of the last entry removed, signed with the service key, from which the verification starts. One row per tenant,
-- the newest. The service's role reads it; only purge_audit_entries writes it (and deletes entries), in the transaction
-- that removes them, and only entries older than the legal period by the database's own clock.
create table audit_checkpoint (
    tenant_id  uuid        not null primary key,
    -- Every entry up to this one is gone: the next kept entry's previous_hash is this hash.
    seq        bigint      not null,
    hash       varchar(64) not null,
    removed_at timestamptz not null,
    -- Ed25519 (base64url) over oubli-audit-checkpoint-v1, tenant, seq, hash, removed_at: AuditCheckpoint.signedText.
    signature  text        not null
);

alter table audit_checkpoint enable row level security;
alter table audit_checkpoint force row level security;
create policy tenant_isolation on audit_checkpoint
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select on audit_checkpoint to ${app_role};

-- Removes the tenant's entries up to p_through (the chain's oldest first: no hole), if p_through has the hash the
-- checkpoint signs and every entry up to it is older than p_cutoff and than the legal period (1,826 days, counted in
-- hours: no time zone moves it) by now(); then records the checkpoint. A p_through already behind the checkpoint (another
-- replica's run) removes nothing. Returns the entries removed.
create function purge_audit_entries(p_through bigint, p_hash varchar, p_cutoff timestamptz, p_removed_at timestamptz,
                                    p_signature text) returns bigint
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    purged uuid := nullif(current_setting('oubli.tenant_id', true), '')::uuid;
    limit_at timestamptz := least(p_cutoff, now() - interval '43824 hours');
    removed bigint;
begin
    if purged is null then
        raise exception 'no tenant in this transaction' using errcode = 'insufficient_privilege';
    end if;
    perform pg_advisory_xact_lock(hashtextextended('audit-checkpoint:' || purged::text, 0));
    if exists (select 1 from audit_checkpoint where tenant_id = purged and seq >= p_through) then
        return 0;
    end if;
    if not exists (select 1 from audit_event where tenant_id = purged and seq = p_through and hash = p_hash)
       or exists (select 1 from audit_event where tenant_id = purged and seq <= p_through and occurred_at >= limit_at) then
        raise exception 'audit entries up to % are not past the legal period', p_through using errcode = 'insufficient_privilege';
    end if;
    delete from audit_event where tenant_id = purged and seq <= p_through;
    get diagnostics removed = row_count;
    insert into audit_checkpoint (tenant_id, seq, hash, removed_at, signature)
    values (purged, p_through, p_hash, p_removed_at, p_signature)
    on conflict (tenant_id) do update set seq = excluded.seq, hash = excluded.hash, removed_at = excluded.removed_at,
                                          signature = excluded.signature;
    return removed;
end $$;
revoke all on function purge_audit_entries(bigint, varchar, timestamptz, timestamptz, text) from public;
grant execute on function purge_audit_entries(bigint, varchar, timestamptz, timestamptz, text) to ${app_role};

-- The tenant purge (V48) removes the checkpoint with the audit log.
create or replace function purge_tenant_records(batch integer) returns table (audit_events bigint, erasure_certificates bigint)
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    purged uuid := nullif(current_setting('oubli.tenant_id', true), '')::uuid;
    audits bigint;
    certificates bigint;
begin
    if purged is null or not exists (select 1 from tenant where tenant_id = purged and status = 'TERMINATING'
                                                             and purge_started_at is not null) then
        raise exception 'the tenant of this transaction is not being purged' using errcode = 'insufficient_privilege';
    end if;
    delete from audit_event where tenant_id = purged
        and ctid = any(array(select ctid from audit_event where tenant_id = purged limit batch));
    get diagnostics audits = row_count;
    delete from erasure_certificate where tenant_id = purged
        and ctid = any(array(select ctid from erasure_certificate where tenant_id = purged limit batch));
    get diagnostics certificates = row_count;
    delete from audit_checkpoint where tenant_id = purged;
    return query select audits, certificates;
end $$;
