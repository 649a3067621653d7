-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0046) A tenant's own calling hours, set by its privacy officer; without a row the tenant follows the
-- platform default (configuration). Windows per day of the week, as {"MONDAY": ["09:00-12:00", ...], ...}.
create table calling_hours (
    tenant_id  uuid        not null primary key,
    days       jsonb       not null,
    holidays   varchar(32) not null check (holidays in ('FRANCE', 'FRANCE_ALSACE_MOSELLE', 'NONE')),
    version    integer     not null default 1,
    updated_at timestamptz not null default now()
);
alter table calling_hours enable row level security;
alter table calling_hours force row level security;
create policy tenant_isolation on calling_hours
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on calling_hours to ${app_role};
