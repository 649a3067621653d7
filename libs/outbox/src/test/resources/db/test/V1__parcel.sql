-- A business table for the outbox tests: a change and its event commit together, or neither.
create table parcel (
    tenant_id uuid not null,
    id        uuid not null,
    primary key (tenant_id, id)
);
alter table parcel enable row level security;
alter table parcel force row level security;
create policy tenant_isolation on parcel
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on parcel to ${app_role};
