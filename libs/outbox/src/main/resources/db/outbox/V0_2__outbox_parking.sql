-- The relay isolates rows (docs/adr/0027): a row the broker refuses is retried with back-off, then parked
-- with a reason code, while other rows, keys and tenants go on. A parked row keeps the later rows of its
-- key waiting (per-key order); an operator re-queues it (README) or removes it.
alter table outbox_event
    add column attempts        integer     not null default 0,
    add column next_attempt_at timestamptz,
    add column last_failure    varchar(40),
    add column parked_at       timestamptz;

-- Pending rows only: the claim reads neither published nor parked rows.
drop index outbox_event_pending_order;
create index outbox_event_pending_order on outbox_event (id) where published_at is null and parked_at is null;
-- The parked rows, for the gauge and the operator.
create index outbox_event_parked on outbox_event (topic, id) where parked_at is not null and published_at is null;
