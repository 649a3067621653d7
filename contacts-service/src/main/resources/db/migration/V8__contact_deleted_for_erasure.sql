-- A contact deleted through the API (DELETE /api/contacts/{id}, docs/adr/0035, 0041) is removed in the deletion's own
-- transaction, so it reads 404 at once; the ERASURE request that deletion opened runs later and must still count it.
-- One row per contact removed that way, keyed by the request the deletion chose; the erasure task counts its rows
-- and deletes them. Ids only: the identifiers the owners need travel in the request's subject.
create table contact_deleted_for_erasure (
    tenant_id  uuid        not null,
    request_id uuid        not null,
    contact_id uuid        not null,
    deleted_at timestamptz not null default now(),
    primary key (tenant_id, request_id, contact_id)
);

alter table contact_deleted_for_erasure enable row level security;
alter table contact_deleted_for_erasure force row level security;
create policy tenant_isolation on contact_deleted_for_erasure
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, delete on contact_deleted_for_erasure to ${app_role};
