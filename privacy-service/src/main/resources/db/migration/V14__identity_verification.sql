-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- One-time codes of self-service requests. No raw identifier here: the address is kept as its blind index (for
-- the per-address rate limit), the client as an HMAC of its IP address, the code as an HMAC of the code.
create table identity_verification (
    tenant_id   uuid        not null,
    request_id  uuid        not null,
    email_index varchar(43) not null,
    client_key  varchar(64) not null,
    code_hash   varchar(64),
    expires_at  timestamptz not null,
    attempts    integer     not null default 0,
    verified_at timestamptz,
    created_at  timestamptz not null default now(),
    primary key (tenant_id, request_id),
    foreign key (tenant_id, request_id) references privacy_request (tenant_id, id) on delete cascade
);
create index identity_verification_by_address on identity_verification (tenant_id, email_index, created_at);
create index identity_verification_by_client on identity_verification (tenant_id, client_key, created_at);

alter table identity_verification enable row level security;
alter table identity_verification force row level security;
create policy tenant_isolation on identity_verification
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on identity_verification to ${app_role};
