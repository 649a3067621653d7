-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- End-to-end encrypted exports (ACCESS, PORTABILITY; docs/adr/0006): the request's one-off private key, the
-- owners' ciphertext chunks until the bundle is assembled, then the bundle until it expires. At expiry the key
-- and the bundle are destroyed: the chunks left in Kafka can no longer be read by anyone.
create table export_bundle (
    tenant_id      uuid        not null,
    request_id     uuid        not null,
    -- Tink private keyset (JSON); null once destroyed.
    private_keyset text,
    created_at     timestamptz not null default now(),
    -- Every owner's receipt is in: the parts below are all the parts there will be.
    parts_known    boolean     not null default false,
    bundle         bytea,
    bundle_sha256  varchar(64),
    assembled_at   timestamptz,
    expires_at     timestamptz,
    destroyed_at   timestamptz,
    primary key (tenant_id, request_id),
    foreign key (tenant_id, request_id) references privacy_request (tenant_id, id)
);
create index export_bundle_alive on export_bundle (expires_at, created_at) where destroyed_at is null;

-- The chunks each owner announced in its TaskCompleted (counts.chunks).
create table export_part (
    tenant_id       uuid        not null,
    request_id      uuid        not null,
    owner           varchar(63) not null,
    expected_chunks integer     not null,
    primary key (tenant_id, request_id, owner),
    foreign key (tenant_id, request_id) references export_bundle (tenant_id, request_id) on delete cascade
);

create table export_chunk (
    tenant_id   uuid        not null,
    request_id  uuid        not null,
    owner       varchar(63) not null,
    chunk_index integer     not null,
    chunk_count integer     not null,
    ciphertext  text        not null,
    sealed_at   timestamptz not null,
    primary key (tenant_id, request_id, owner, chunk_index),
    foreign key (tenant_id, request_id) references export_bundle (tenant_id, request_id) on delete cascade
);

alter table export_bundle enable row level security;
alter table export_bundle force row level security;
create policy tenant_isolation on export_bundle
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
-- The expiry job finds expired bundles across tenants, read-only (see V10).
create policy sweep on export_bundle for select
    using (current_setting('oubli.privacy_sweep', true) = 'on');
alter table export_part enable row level security;
alter table export_part force row level security;
create policy tenant_isolation on export_part
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
alter table export_chunk enable row level security;
alter table export_chunk force row level security;
create policy tenant_isolation on export_chunk
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on export_bundle, export_part, export_chunk to ${app_role};
