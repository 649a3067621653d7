-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- The privacy-request engine: every request type, the legal clock, duplicates, the watchdog, the closing
-- reasons. Raw identifiers never land in privacy_request: see request_contact_point.

alter table privacy_request
    add column closing_reason         varchar(40),
    -- The open request this one repeats (closing reason DUPLICATE).
    add column duplicate_of           uuid,
    -- SHA-256 (hex) of the sorted contact ids and blind indexes: "the same subject" for duplicates.
    add column subject_fingerprint    varchar(64),
    add column self_service           boolean     not null default false,
    -- The legal clock (LegalClock): receipt day, days paused while identity was pending, the one extension.
    add column received_on            date        not null default current_date,
    add column paused_days            integer     not null default 0,
    add column identity_pending_since timestamptz,
    add column extension_months       integer,
    add column extension_reason       varchar(500),
    add column extension_requested_on date,
    -- The watchdog: how often the request event was published, and when last.
    add column publish_attempts       integer     not null default 0,
    add column last_published_at      timestamptz,
    -- Kept so that the watchdog can publish the same event again; the corrections are sealed (libs/sealing)
    -- and cleared as soon as the request is settled.
    add column export_public_key      text,
    add column sealed_corrections     text;

update privacy_request set received_on = (received_at at time zone 'UTC')::date;

alter table privacy_request
    add constraint privacy_request_status check (status in
        ('RECEIVED', 'IDENTITY_PENDING', 'IN_PROGRESS', 'COMPLETED', 'PARTIALLY_COMPLETED', 'FAILED', 'REJECTED', 'CANCELLED')),
    add constraint privacy_request_extension check (extension_months is null or extension_months between 1 and 2);

-- Listing filters, each leading with the tenant and ending with the listing order (newest first), so a page
-- is an index range scan whatever the filter.
create index privacy_request_by_status on privacy_request (tenant_id, status, received_at desc, id);
create index privacy_request_by_type on privacy_request (tenant_id, type, received_at desc, id);
create index privacy_request_by_due on privacy_request (tenant_id, due_on, received_at desc, id);
create index privacy_request_open_by_due on privacy_request (tenant_id, due_on)
    where status in ('RECEIVED', 'IDENTITY_PENDING', 'IN_PROGRESS');
-- At most one request in progress per tenant, type and subject: a concurrent duplicate loses the race here.
create unique index privacy_request_one_in_progress on privacy_request (tenant_id, type, subject_fingerprint)
    where status = 'IN_PROGRESS' and subject_fingerprint is not null;

-- The watchdog and the expiry jobs look across tenants for work, read-only, in transactions that say so
-- (oubli.privacy_sweep, never set by request handling); each piece of work then runs in its tenant's transaction.
create index privacy_request_awaiting_receipts on privacy_request (last_published_at) where status = 'IN_PROGRESS';
create index privacy_request_identity_pending on privacy_request (identity_pending_since) where status = 'IDENTITY_PENDING';
create policy sweep on privacy_request for select
    using (current_setting('oubli.privacy_sweep', true) = 'on');

-- A task's failure_reason is the owner's code (TaskFailureReason) or NO_RECEIPT, set by the watchdog.

-- The raw email of a self-service request, needed to send the one-time code and the final notice only:
-- deleted when the request is settled.
create table request_contact_point (
    tenant_id  uuid         not null,
    request_id uuid         not null,
    email      varchar(320) not null,
    primary key (tenant_id, request_id),
    foreign key (tenant_id, request_id) references privacy_request (tenant_id, id) on delete cascade
);
alter table request_contact_point enable row level security;
alter table request_contact_point force row level security;
create policy tenant_isolation on request_contact_point
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, update, delete on request_contact_point to ${app_role};
