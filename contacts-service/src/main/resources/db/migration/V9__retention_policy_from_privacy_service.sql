-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0057) The tenant's retention policy as privacy-service pushes it (RetentionPolicySet): the days of
-- contacts-service's categories, the version applied (an older one arriving late is ignored), and the identifiers
-- under a legal hold (blind indexes, contact ids as text): contacts they name are never purged.
create table retention_limit (
    tenant_id uuid        not null,
    category  varchar(40) not null,
    days      integer     not null check (days > 0),
    primary key (tenant_id, category)
);
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
    foreach t in array array['retention_limit', 'retention_policy_applied', 'retention_hold'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
-- The scheduled purge learns which tenants have a policy before it acts as each of them: it reads this table (and
-- nothing else) across tenants in its own transaction, saying so with oubli.retention_scan.
create policy retention_scan on retention_policy_applied for select
    using (current_setting('oubli.retention_scan', true) = 'on');
grant select, insert, update, delete on retention_limit, retention_policy_applied, retention_hold to ${app_role};

create index contact_by_last_change on contact (tenant_id, updated_at, id);
create index contact_import_ended on contact_import (tenant_id, finished_at) where finished_at is not null;
