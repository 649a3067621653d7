-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0062) A bulk erasure is the set of ERASURE requests opened for its batches: each request names the bulk
-- erasure it belongs to and how many batches that has, so the bulk's status is read from its requests alone.
alter table privacy_request add column bulk_erasure_id uuid;
alter table privacy_request add column bulk_batches integer;
alter table privacy_request add constraint privacy_request_bulk_batches
    check ((bulk_erasure_id is null) = (bulk_batches is null) and (bulk_batches is null or bulk_batches > 0));
create index privacy_request_bulk_erasure on privacy_request (tenant_id, bulk_erasure_id) where bulk_erasure_id is not null;

-- The bulk erasure's certificate, signed once every batch is settled and kept as first signed: it outlives the
-- requests it lists (their retention), as an erasure certificate outlives nothing it needs.
create table bulk_erasure_certificate (
    tenant_id       uuid        not null,
    bulk_erasure_id uuid        not null,
    document        text        not null,
    signature       text        not null,
    issued_at       timestamptz not null,
    primary key (tenant_id, bulk_erasure_id)
);
alter table bulk_erasure_certificate enable row level security;
alter table bulk_erasure_certificate force row level security;
create policy tenant_isolation on bulk_erasure_certificate
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert on bulk_erasure_certificate to ${app_role};

-- The tenant purge (V48, V55) removes the bulk erasures' certificates with the erasure certificates, counted with them.
create or replace function purge_tenant_records(batch integer) returns table (audit_events bigint, erasure_certificates bigint)
    language plpgsql security definer set search_path = public, pg_temp as $$
declare
    purged uuid := nullif(current_setting('oubli.tenant_id', true), '')::uuid;
    audits bigint;
    certificates bigint;
    bulk_certificates bigint;
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
    delete from bulk_erasure_certificate where tenant_id = purged
        and ctid = any(array(select ctid from bulk_erasure_certificate where tenant_id = purged limit batch));
    get diagnostics bulk_certificates = row_count;
    delete from audit_checkpoint where tenant_id = purged;
    return query select audits, certificates + bulk_certificates;
end $$;
