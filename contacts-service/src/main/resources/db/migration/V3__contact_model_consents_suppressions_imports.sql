-- The full contact card (issue 4), the consent mirror, the suppression mirror, privacy-request outcomes and
-- import jobs. Every table: tenant_id first in its keys, row-level security as in V1.

alter table contact add column company      varchar(200);
alter table contact add column job_title    varchar(200);
-- Free attributes: a JSON object, at most 50 keys and 16 KiB (checked by the service).
alter table contact add column attributes   jsonb        not null default '{}'::jsonb;
alter table contact add column source       varchar(100);
alter table contact add column lawful_basis varchar(20)
    check (lawful_basis in ('CONSENT', 'CONTRACT', 'LEGITIMATE_INTEREST', 'LEGAL_OBLIGATION'));
-- Art. 18 restriction: kept, but out of outreach listings and exports to other systems.
alter table contact add column restricted   boolean      not null default false;

-- One contact per email and tenant. Fails (and says which key) if older rows hold duplicates: merge them first.
drop index contact_by_email_index;
create unique index contact_email_unique on contact (tenant_id, email_index);
-- Cursor pagination keys: (created_at, id) exists since V1; updated_at and last name for the other sorts.
create index contact_by_tenant_and_update on contact (tenant_id, updated_at, id);
create index contact_by_tenant_and_last_name on contact (tenant_id, (coalesce(last_name, '')), id);

-- The consent mirror: the last state per contact, channel and purpose, as the privacy service's
-- ConsentChanged events (or an import's proof, or a privacy request) set it. A change applies only if newer.
create table contact_consent (
    tenant_id          uuid         not null,
    contact_id         uuid         not null,
    channel            varchar(10)  not null,
    purpose            varchar(63)  not null,
    state              varchar(10)  not null check (state in ('GRANTED', 'WITHDRAWN')),
    source             varchar(20)  not null,
    changed_at         timestamptz  not null,
    -- Proof kept for consents collected by an import (source IMPORT).
    proof_source       varchar(200),
    proof_text_version varchar(100),
    import_id          uuid,
    primary key (tenant_id, contact_id, channel, purpose),
    foreign key (tenant_id, contact_id) references contact (tenant_id, id) on delete cascade
);

-- The suppression mirror: blind indexes (email or phone) of people suppressed by the privacy service, kept
-- even when no contact exists (an erased person stays suppressed), so an import never re-grants them.
create table suppression (
    tenant_id   uuid        not null,
    blind_index varchar(43) not null,
    suppressed  boolean     not null,
    changed_at  timestamptz not null,
    primary key (tenant_id, blind_index)
);

-- What contacts-service answered to each privacy request that changes data: a re-published request
-- (watchdog: new event id, attempt + 1) gets the same receipt and changes nothing.
create table privacy_request_outcome (
    tenant_id    uuid        not null,
    request_id   uuid        not null,
    request_type varchar(20) not null,
    counts       jsonb,
    failure      varchar(40),
    processed_at timestamptz not null default now(),
    primary key (tenant_id, request_id)
);

create table contact_import (
    tenant_id          uuid         not null,
    id                 uuid         not null,
    status             varchar(12)  not null check (status in ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED')),
    format             varchar(5)   not null,
    lawful_basis       varchar(20)  not null,
    duplicates         varchar(6)   not null,
    source             varchar(100) not null,
    consent_channels   varchar(40),
    proof_source       varchar(200),
    proof_collected_at timestamptz,
    proof_text_version varchar(100),
    bytes_total        bigint       not null,
    bytes_read         bigint       not null default 0,
    rows_read          bigint       not null default 0,
    rows_accepted      bigint       not null default 0,
    rows_updated       bigint       not null default 0,
    rows_skipped       bigint       not null default 0,
    rows_rejected      bigint       not null default 0,
    rows_suppressed    bigint       not null default 0,
    failure            varchar(200),
    created_at         timestamptz  not null default now(),
    finished_at        timestamptz,
    primary key (tenant_id, id)
);

-- The report: row number and a reason code, never the row's data.
create table contact_import_issue (
    tenant_id  uuid        not null,
    import_id  uuid        not null,
    row_number bigint      not null,
    reason     varchar(40) not null,
    primary key (tenant_id, import_id, row_number, reason),
    foreign key (tenant_id, import_id) references contact_import (tenant_id, id) on delete cascade
);

do $$
declare t text;
begin
    foreach t in array array['contact_consent', 'suppression', 'privacy_request_outcome', 'contact_import', 'contact_import_issue'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;

grant select, insert, update, delete on contact_consent, suppression, privacy_request_outcome, contact_import,
    contact_import_issue to ${app_role};
