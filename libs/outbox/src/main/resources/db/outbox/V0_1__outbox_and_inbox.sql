-- Transactional outbox and inbox (libs/outbox), migrated into every service database that publishes or
-- consumes events. Version 0.x: library migrations come before the service's own (V1, V2, ...).
-- ${app_role} is the role the service connects as.

-- Events waiting to be published, written in the same transaction as the business change they report.
create table outbox_event (
    id           bigint generated always as identity primary key,
    tenant_id    uuid         not null,
    event_id     uuid         not null unique,
    topic        varchar(249) not null,
    message_key  varchar(200) not null,
    event_type   varchar(200) not null,
    payload      bytea        not null,
    occurred_at  timestamptz  not null,
    published_at timestamptz
);
-- The relay's claim: oldest unpublished first, and "is an older event of this key still pending?"
create index outbox_event_pending on outbox_event (topic, message_key, id) where published_at is null;
create index outbox_event_pending_order on outbox_event (id) where published_at is null;
-- The cleaner removes published rows after the retention period.
create index outbox_event_published on outbox_event (published_at) where published_at is not null;

-- Wakes the relay when a transaction that wrote events commits (NOTIFY is delivered at commit).
create function outbox_event_notify() returns trigger language plpgsql as $$
begin
    perform pg_notify('outbox_event', '');
    return null;
end $$;
create trigger outbox_event_inserted after insert on outbox_event
    for each statement execute function outbox_event_notify();

-- Events already applied by a consumer of this service: a redelivery finds its row and is skipped.
create table inbox_message (
    tenant_id    uuid         not null,
    consumer     varchar(100) not null,
    event_id     uuid         not null,
    processed_at timestamptz  not null default now(),
    primary key (consumer, event_id)
);
create index inbox_message_processed on inbox_message (processed_at);

-- Row-level security as on every table. The relay and the inbox cleaner work across tenants: they
-- say so explicitly with oubli.outbox_relay in their own transactions, which application code never does.
alter table outbox_event enable row level security;
alter table outbox_event force row level security;
create policy tenant_isolation on outbox_event
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
create policy relay on outbox_event
    using (current_setting('oubli.outbox_relay', true) = 'on');

alter table inbox_message enable row level security;
alter table inbox_message force row level security;
create policy tenant_isolation on inbox_message
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
create policy relay on inbox_message
    using (current_setting('oubli.outbox_relay', true) = 'on');

grant select, insert, update, delete on outbox_event, inbox_message to ${app_role};
