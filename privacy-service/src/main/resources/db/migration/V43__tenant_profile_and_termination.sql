-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0038) The tenant registry holds what the portal shows and the settings read per tenant (privacy
-- contact, locale, time zone), and the dates of a termination. Once PURGED, a row keeps its id, dates and the
-- signed purge certificate only: slug and name go.
alter table tenant add column privacy_contact varchar(320);
alter table tenant add column locale varchar(35) not null default 'fr-FR';
alter table tenant add column time_zone varchar(64) not null default 'Europe/Paris';
alter table tenant add column termination_requested_at timestamptz;
alter table tenant add column access_ends_at timestamptz;
alter table tenant add column purge_started_at timestamptz;
alter table tenant add column purged_at timestamptz;
alter table tenant add column purge_certificate text;
alter table tenant add column purge_certificate_signature text;
alter table tenant alter column slug drop not null;
alter table tenant alter column display_name drop not null;
alter table tenant add check (status = 'PURGED' or (slug is not null and display_name is not null));
alter table tenant add check (status <> 'TERMINATING' or access_ends_at is not null or termination_requested_at is null);

-- The termination sweep finds tenants whose grace period ended across tenants, read-only, in a transaction that
-- says so (as the request watchdog does, V10); the purge itself runs in the tenant's own context.
create index tenant_terminating on tenant (access_ends_at) where status = 'TERMINATING';
create policy sweep on tenant for select
    using (current_setting('oubli.privacy_sweep', true) = 'on');

-- Each owner's answer to a tenant purge: the rows it deleted, per table.
create table tenant_purge_receipt (
    tenant_id   uuid        not null,
    owner       varchar(64) not null,
    counts      jsonb       not null,
    received_at timestamptz not null default now(),
    primary key (tenant_id, owner)
);
alter table tenant_purge_receipt enable row level security;
alter table tenant_purge_receipt force row level security;
create policy tenant_isolation on tenant_purge_receipt
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on tenant_purge_receipt to ${app_role};
