-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- Export bundles encrypted at rest (docs/adr/0025): each request's data key is stored only wrapped by the
-- key-encryption key of the service's configuration; it encrypts the request's private keyset and its bundle, kept
-- as rows of 1 MiB of ciphertext. Destroying the wrapped key leaves nothing readable here, in WAL or in backups.
alter table export_bundle
    -- Tink keyset of the request's data key (streaming AEAD), encrypted under the key-encryption key; null once destroyed.
    add column wrapped_data_key      bytea,
    -- The request's Tink private keyset, encrypted under the data key; null once destroyed.
    add column sealed_private_keyset bytea,
    add column bundle_bytes          bigint,
    add column segments              integer;

-- Keys and bundles written in clear before this version cannot be encrypted here (the key-encryption key is never
-- the database's): they are destroyed, and their links answer 410. The owner is subject to row-level security too.
alter table export_bundle no force row level security;
alter table export_chunk no force row level security;
update export_bundle set destroyed_at = now() where destroyed_at is null;
delete from export_chunk;
alter table export_bundle force row level security;
alter table export_chunk force row level security;
alter table export_bundle drop column private_keyset, drop column bundle;

create table export_bundle_segment (
    tenant_id  uuid    not null,
    request_id uuid    not null,
    segment    integer not null,
    ciphertext bytea   not null,
    primary key (tenant_id, request_id, segment),
    foreign key (tenant_id, request_id) references export_bundle (tenant_id, request_id) on delete cascade
);
-- Ciphertext does not compress: stored out of line without trying.
alter table export_bundle_segment alter column ciphertext set storage external;
alter table export_bundle_segment enable row level security;
alter table export_bundle_segment force row level security;
create policy tenant_isolation on export_bundle_segment
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, delete on export_bundle_segment to ${app_role};
