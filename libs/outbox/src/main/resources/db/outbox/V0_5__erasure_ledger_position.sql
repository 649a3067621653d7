-- Where the start-up pass over the ledger of erasures (privacy.erasure-ledger.v1) stopped, per partition (docs/adr/0060):
-- every ledger record below next_offset is reflected in this database. Restored with the data it describes, so a
-- restore of an older backup rewinds it and the next start reads again exactly the erasures newer than that backup.
-- No tenant's data: the platform's row (tenant_id is the nil UUID, as the conventions want a tenant_id on every
-- table), visible only to the pass's own transaction, which says so with oubli.erasure_ledger.
create table erasure_ledger_position (
    tenant_id   uuid    not null default '00000000-0000-0000-0000-000000000000'
                check (tenant_id = '00000000-0000-0000-0000-000000000000'),
    partition   integer not null primary key,
    next_offset bigint  not null check (next_offset >= 0),
    updated_at  timestamptz not null default now()
);
alter table erasure_ledger_position enable row level security;
alter table erasure_ledger_position force row level security;
create policy erasure_ledger on erasure_ledger_position
    using (current_setting('oubli.erasure_ledger', true) = 'on')
    with check (current_setting('oubli.erasure_ledger', true) = 'on');
grant select, insert, update, delete on erasure_ledger_position to ${app_role};
