-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0058) privacy-service's own part of each erasure (suppression, consent history, check evidence), recorded
-- as applied in the erasure's transaction: the high-water mark of its start-up pass over the ledger of erasures
-- (privacy.erasure-ledger.v1), restored together with the data it describes. An erasure of the ledger without a row
-- here is newer than the restored data: it is applied again, and its row says so (from_ledger).
create table erasure_applied (
    tenant_id   uuid        not null,
    request_id  uuid        not null,
    applied_at  timestamptz not null default clock_timestamp(),
    from_ledger boolean     not null default false,
    primary key (tenant_id, request_id)
);

-- The erasures this database already holds were applied by the ordinary path (or will be, once consumed): none is
-- applied again at the first start-up, so a person who came back lawfully since stays. The owner is subject to the
-- request table's row-level security; it is lifted for this migration's transaction only.
alter table privacy_request no force row level security;
insert into erasure_applied (tenant_id, request_id)
    select tenant_id, id from privacy_request where type = 'ERASURE';
alter table privacy_request force row level security;

alter table erasure_applied enable row level security;
alter table erasure_applied force row level security;
create policy tenant_isolation on erasure_applied
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, delete on erasure_applied to ${app_role};
