-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- Consent ledger, suppression list, restrictions, disclosure policies and the evidence of pre-contact
-- checks (docs/adr/0011). Subjects are named by blind indexes (libs/subject-index) and contact ids only:
-- no email address or phone number is stored in clear.

-- The ledger: one row per change, never updated. Its order is seq, taken under a per-subject lock.
create table consent_change (
    tenant_id          uuid         not null,
    seq                bigint generated always as identity,
    id                 uuid         not null,
    email_index        varchar(43),
    phone_index        varchar(43),
    contact_id         uuid,
    channel            varchar(10)  not null check (channel in ('EMAIL', 'SMS', 'PHONE', 'CHAT')),
    purpose            varchar(63)  not null check (purpose ~ '^[A-Z][A-Z0-9_]{0,62}$'),
    state              varchar(10)  not null check (state in ('GRANTED', 'WITHDRAWN')),
    source             varchar(20)  not null
        check (source in ('FORM', 'IMPORT', 'UNSUBSCRIBE_LINK', 'PRIVACY_REQUEST', 'API', 'AGENT')),
    recorded_at        timestamptz  not null default clock_timestamp(),
    -- Proof, as given by the caller (GDPR Art. 7(1): the controller must be able to demonstrate consent).
    collected_at       timestamptz,
    text_version       varchar(100),
    source_ip          inet,
    user_agent         varchar(512),
    external_reference varchar(200),
    primary key (tenant_id, seq),
    check (email_index is not null or phone_index is not null or contact_id is not null)
);
create index consent_change_by_email on consent_change (tenant_id, email_index) where email_index is not null;
create index consent_change_by_phone on consent_change (tenant_id, phone_index) where phone_index is not null;
create index consent_change_by_contact on consent_change (tenant_id, contact_id) where contact_id is not null;

-- The current state, derived from the ledger in the same transaction as each change: one row per
-- identifier (a blind index, or a contact id as text), channel and purpose. The check reads it by key.
create table consent_state (
    tenant_id  uuid        not null,
    identifier varchar(43) not null,
    channel    varchar(10) not null,
    purpose    varchar(63) not null,
    state      varchar(10) not null,
    seq        bigint      not null,
    changed_at timestamptz not null,
    primary key (tenant_id, identifier, channel, purpose)
);

-- The suppression list: blind index, reason and dates, nothing else. It outlives erasure (docs/adr/0012).
-- A lifted entry stays, with the reason it was lifted: the list's own history is its audit.
create table suppression (
    tenant_id     uuid        not null,
    id            bigint generated always as identity,
    blind_index   varchar(43) not null,
    kind          varchar(5)  not null check (kind in ('EMAIL', 'PHONE')),
    reason        varchar(20) not null check (reason in ('UNSUBSCRIBED', 'OBJECTED', 'ERASED', 'REQUESTED')),
    suppressed_at timestamptz not null default clock_timestamp(),
    lifted_at     timestamptz,
    lift_reason   varchar(200),
    primary key (tenant_id, id),
    check ((lifted_at is null) = (lift_reason is null))
);
create unique index suppression_active on suppression (tenant_id, blind_index) where lifted_at is null;

-- Subjects whose data may be stored but not used (GDPR Art. 18), from a RESTRICTION request.
create table processing_restriction (
    tenant_id     uuid        not null,
    identifier    varchar(43) not null,
    request_id    uuid        not null,
    restricted_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, identifier)
);

-- What an agent must say about itself: per agent ('*': every agent) and channel ('ANY': every channel).
create table disclosure_policy (
    tenant_id    uuid         not null,
    agent_id     varchar(100) not null,
    channel      varchar(10)  not null check (channel in ('EMAIL', 'SMS', 'PHONE', 'CHAT', 'ANY')),
    agent_name   varchar(100),
    agent_role   varchar(100),
    company_name varchar(200),
    template     varchar(2000) not null,
    version      int          not null,
    updated_at   timestamptz  not null default clock_timestamp(),
    primary key (tenant_id, agent_id, channel)
);

-- Evidence of every pre-contact check, written by the statement that decides it.
create table contact_check (
    tenant_id          uuid         not null,
    id                 uuid         not null,
    checked_at         timestamptz  not null default clock_timestamp(),
    agent_id           varchar(100) not null,
    channel            varchar(10)  not null,
    purpose            varchar(63)  not null,
    email_index        varchar(43),
    phone_index        varchar(43),
    contact_id         uuid,
    planned_at         timestamptz  not null,
    decision           varchar(10)  not null check (decision in ('ALLOWED', 'REFUSED')),
    reason             varchar(30),
    disclosure_version varchar(150),
    primary key (tenant_id, id)
);
create index contact_check_newest on contact_check (tenant_id, checked_at desc);
create index contact_check_by_email on contact_check (tenant_id, email_index) where email_index is not null;
create index contact_check_by_phone on contact_check (tenant_id, phone_index) where phone_index is not null;
create index contact_check_by_contact on contact_check (tenant_id, contact_id) where contact_id is not null;

do $$
declare
    t text;
begin
    foreach t in array array['consent_change', 'consent_state', 'suppression', 'processing_restriction',
                             'disclosure_policy', 'contact_check']
    loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;

-- The ledger and the evidence are append-only for the application, except erasure (delete).
grant select, insert, delete on consent_change, contact_check to ${app_role};
grant select, insert, update, delete on consent_state, suppression, processing_restriction, disclosure_policy
    to ${app_role};
