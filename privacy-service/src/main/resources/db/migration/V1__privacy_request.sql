-- Runs as the database owner role. The application connects as ${app_role}, which owns nothing and
-- has no BYPASSRLS: row-level security below is the backstop of tenant isolation.
grant usage on schema public to ${app_role};

create table privacy_request (
    tenant_id   uuid        not null,
    id          uuid        not null,
    type        varchar(20) not null
        check (type in ('ACCESS', 'PORTABILITY', 'ERASURE', 'RECTIFICATION', 'RESTRICTION', 'OBJECTION')),
    status      varchar(30) not null,
    received_at timestamptz not null default now(),
    due_on      date        not null,
    primary key (tenant_id, id)
);
create index privacy_request_by_tenant_and_receipt on privacy_request (tenant_id, received_at desc, id);

alter table privacy_request enable row level security;
alter table privacy_request force row level security;
create policy tenant_isolation on privacy_request
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, update, delete on privacy_request to ${app_role};
