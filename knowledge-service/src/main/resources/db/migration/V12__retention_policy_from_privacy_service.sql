-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0057) The limits come from privacy-service (RetentionPolicySet): retention_limit holds the pushed days,
-- this table the version applied (an older one arriving late is ignored), retention_hold the identifiers under a legal
-- hold (blind indexes, contact ids as text): items they are indexed under are never purged.
create table retention_policy_applied (
    tenant_id  uuid        not null primary key,
    version    integer     not null,
    applied_at timestamptz not null default clock_timestamp()
);
create table retention_hold (
    tenant_id  uuid        not null,
    identifier varchar(64) not null,
    primary key (tenant_id, identifier)
);
do $$
declare t text;
begin
    foreach t in array array['retention_policy_applied', 'retention_hold'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
grant select, insert, update, delete on retention_policy_applied, retention_hold to ${app_role};
