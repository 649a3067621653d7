-- Retention limits per tenant and category, and a record of every purge (counts only, no content).
create table retention_limit (
    tenant_id uuid        not null,
    category  varchar(16) not null check (category in ('CONVERSATIONS', 'NOTES', 'DOCUMENTS')),
    days      integer     not null check (days > 0),
    primary key (tenant_id, category)
);

create table purge_run (
    tenant_id uuid        not null,
    id        uuid        not null,
    trigger   varchar(10) not null check (trigger in ('SCHEDULED', 'REQUESTED')),
    category  varchar(16) not null,
    cutoff    timestamptz not null,
    deleted   bigint      not null,
    ran_at    timestamptz not null,
    primary key (tenant_id, id)
);
create index purge_run_by_time on purge_run (tenant_id, ran_at desc, id);

do $$
declare t text;
begin
    foreach t in array array['retention_limit', 'purge_run'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
-- The scheduled purge must learn which tenants have limits before it can act as each of them: it reads this table
-- (and nothing else) across tenants in its own transaction, saying so with oubli.retention_scan.
create policy retention_scan on retention_limit for select
    using (current_setting('oubli.retention_scan', true) = 'on');

grant select, insert, update, delete on retention_limit, purge_run to ${app_role};
