-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0051) The tenant purge: how often it was published (an owner's late answer gets it again), and the only
-- way the service's role may delete append-only records (the audit log, erasure certificates): for a tenant whose
-- purge has started, in its own context, in batches. The audit log stays append-only for every tenant that is served.
alter table tenant add column purge_attempts integer not null default 0;
alter table tenant add column purge_published_at timestamptz;

create function purge_tenant_records(batch integer) returns table (audit_events bigint, erasure_certificates bigint)
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
    return query select audits, certificates;
end $$;
revoke all on function purge_tenant_records(integer) from public;
grant execute on function purge_tenant_records(integer) to ${app_role};
