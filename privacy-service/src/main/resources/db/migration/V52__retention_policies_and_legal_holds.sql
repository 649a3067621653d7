-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- (docs/adr/0057) Retention: each tenant's own limits (a category without a row follows the platform default), the
-- version of the policy last pushed to the owners, legal holds, and every purge run, of every owner, per category.
create table retention_policy (
    tenant_id  uuid        not null,
    category   varchar(40) not null,
    days       integer     not null check (days > 0),
    updated_at timestamptz not null default clock_timestamp(),
    primary key (tenant_id, category)
);

-- The policy as last written to privacy.retention-policies.v1: the sweep publishes version 1 (the defaults) for a
-- tenant that has none, each change publishes the next.
create table retention_policy_version (
    tenant_id    uuid        not null primary key,
    version      integer     not null check (version > 0),
    published_at timestamptz not null default clock_timestamp()
);

-- A legal hold keeps a subject (blind indexes, contact id) or a request from every purge until it is lifted.
create table legal_hold (
    tenant_id   uuid         not null,
    id          uuid         not null,
    email_index varchar(43),
    phone_index varchar(43),
    contact_id  uuid,
    request_id  uuid,
    reason      varchar(200) not null,
    placed_at   timestamptz  not null default clock_timestamp(),
    lifted_at   timestamptz,
    lift_reason varchar(200),
    primary key (tenant_id, id),
    check (num_nonnulls(email_index, phone_index, contact_id, request_id) >= 1),
    check ((lifted_at is null) = (lift_reason is null))
);
create index legal_hold_active on legal_hold (tenant_id) where lifted_at is null;

-- What each purge run deleted, per owner and category: counts only. Fed by this service's own purge and by the
-- owners' RetentionPurgeRan (inbox: applied once).
create table retention_run (
    tenant_id      uuid        not null,
    id             uuid        not null,
    owner          varchar(63) not null,
    category       varchar(40) not null,
    policy_version integer     not null,
    deleted        bigint      not null check (deleted >= 0),
    ran_at         timestamptz not null,
    primary key (tenant_id, id)
);
create index retention_run_newest on retention_run (tenant_id, ran_at desc, id);

do $$
declare t text;
begin
    foreach t in array array['retention_policy', 'retention_policy_version', 'legal_hold', 'retention_run'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;
-- The retention sweep finds the tenants to purge across tenants, read-only (as the request watchdog, V10): the
-- registered ones (policy sweep on tenant, V43) and those with limits of their own.
create policy sweep on retention_policy for select using (current_setting('oubli.privacy_sweep', true) = 'on');

grant select, insert, update, delete on retention_policy, retention_policy_version to ${app_role};
grant select, insert, update on legal_hold to ${app_role};
grant select, insert, delete on retention_run to ${app_role};
-- Purging the ledger's history of a withdrawn consent reads it by age of the current state.
create index consent_state_withdrawn on consent_state (tenant_id, changed_at) where state = 'WITHDRAWN';
create index privacy_request_settled on privacy_request (tenant_id, completed_at) where completed_at is not null;
