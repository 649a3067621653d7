-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- Signed erasure certificates (docs/adr/0014): the exact signed document (canonical JSON: ids, blind indexes,
-- owners with counts, timestamps) and its Ed25519 signature. Issued once, never changed.
create table erasure_certificate (
    tenant_id  uuid        not null,
    request_id uuid        not null,
    document   text        not null,
    signature  text        not null,
    issued_at  timestamptz not null,
    primary key (tenant_id, request_id),
    foreign key (tenant_id, request_id) references privacy_request (tenant_id, id)
);
alter table erasure_certificate enable row level security;
alter table erasure_certificate force row level security;
create policy tenant_isolation on erasure_certificate
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert on erasure_certificate to ${app_role};
