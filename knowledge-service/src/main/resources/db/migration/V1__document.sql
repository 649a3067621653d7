-- Runs as the database owner role. The application connects as ${app_role}, which owns nothing and
-- has no BYPASSRLS: row-level security below is the backstop of tenant isolation.
grant usage on schema public to ${app_role};

create table document (
    tenant_id  uuid         not null,
    id         uuid         not null,
    title      varchar(500) not null,
    body       text         not null,
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    primary key (tenant_id, id)
);
create index document_by_tenant_and_creation on document (tenant_id, created_at desc, id);

alter table document enable row level security;
alter table document force row level security;
create policy tenant_isolation on document
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, update, delete on document to ${app_role};
