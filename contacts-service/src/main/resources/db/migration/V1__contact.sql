-- Runs as the database owner role. The application connects as ${app_role}, which owns nothing and
-- has no BYPASSRLS: row-level security below is the backstop of tenant isolation.
grant usage on schema public to ${app_role};

create table contact (
    tenant_id  uuid         not null,
    id         uuid         not null,
    first_name varchar(200),
    last_name  varchar(200),
    email      varchar(320),
    phone      varchar(20),
    created_at timestamptz  not null default now(),
    updated_at timestamptz  not null default now(),
    primary key (tenant_id, id)
);
create index contact_by_tenant_and_creation on contact (tenant_id, created_at desc, id);

alter table contact enable row level security;
alter table contact force row level security;
create policy tenant_isolation on contact
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, update, delete on contact to ${app_role};
