-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0020) The tenant registry: public paths answer only for an ACTIVE tenant. A row is visible in its
-- own tenant's context only, like every table: the service looks a tenant up, or registers it, with
-- oubli.tenant_id set to that tenant.
create table tenant (
    tenant_id    uuid         not null primary key,
    slug         varchar(63)  not null check (slug ~ '^[a-z0-9](-?[a-z0-9])*$'),
    display_name varchar(200) not null,
    status       varchar(12)  not null check (status in ('ACTIVE', 'SUSPENDED', 'TERMINATING', 'PURGED')),
    created_at   timestamptz  not null default now()
);
create unique index tenant_by_slug on tenant (slug);
-- The demo tenants of the local platform (deploy/keycloak/oubli-realm.json); before the policy, which binds the
-- owner too (forced).
insert into tenant (tenant_id, slug, display_name, status) values
    ('11111111-1111-4111-8111-111111111111', 'acme', 'Acme', 'ACTIVE'),
    ('22222222-2222-4222-8222-222222222222', 'globex', 'Globex', 'ACTIVE');
alter table tenant enable row level security;
alter table tenant force row level security;
create policy tenant_isolation on tenant
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update on tenant to ${app_role};


-- Self-service: every identifier a request acts on is proved by its own code (email by mail, phone by SMS).
-- Rate limits moved to memory, keyed by recipient across tenants (ADR 0020): the per-tenant counters go.
alter table identity_verification rename column code_hash to email_code_hash;
alter table identity_verification add column phone_code_hash varchar(64);
alter table identity_verification add column needs_email boolean not null default true;
alter table identity_verification add column needs_phone boolean not null default false;
alter table identity_verification add check (needs_email or needs_phone);
drop index identity_verification_by_address;
drop index identity_verification_by_client;
alter table identity_verification drop column email_index;
alter table identity_verification drop column client_key;
