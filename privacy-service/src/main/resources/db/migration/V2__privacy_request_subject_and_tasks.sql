-- Runs as the database owner role; ${app_role} is the role the service connects as.

-- The subject of a request as every data owner resolves it: contact ids and blind indexes (43 base64url
-- characters). The email addresses and phone numbers a request was submitted with are never stored.
alter table privacy_request
    add column subject_contact_ids   uuid[]      not null default '{}',
    add column subject_email_indexes text[]      not null default '{}',
    add column subject_phone_indexes text[]      not null default '{}',
    add column completed_at          timestamptz;

-- One task per data owner of the registry that handles the request's type, settled by the owner's receipt.
create table privacy_request_task (
    tenant_id      uuid        not null,
    request_id     uuid        not null,
    owner          varchar(63) not null,
    status         varchar(20) not null check (status in ('PENDING', 'COMPLETED', 'FAILED')),
    counts         jsonb,
    failure_reason varchar(40),
    updated_at     timestamptz not null default now(),
    primary key (tenant_id, request_id, owner),
    foreign key (tenant_id, request_id) references privacy_request (tenant_id, id) on delete cascade
);

alter table privacy_request_task enable row level security;
alter table privacy_request_task force row level security;
create policy tenant_isolation on privacy_request_task
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, update, delete on privacy_request_task to ${app_role};
