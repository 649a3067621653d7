-- Runs as the database owner role; ${app_role} is the role the service connects as.
-- The audit log: append-only, one hash chain per tenant (docs/adr/0013). Entries hold ids, codes, counts and
-- blind indexes only, never an email, a phone number, a name or free text.
create table audit_event (
    tenant_id     uuid        not null,
    -- 1, 2, 3, ... per tenant: a deleted entry leaves a gap the verification names.
    seq           bigint      not null,
    id            uuid        not null,
    occurred_at   timestamptz not null,
    action        varchar(40) not null,
    request_id    uuid,
    -- Canonical JSON (keys sorted), kept as text so that the hashed bytes are the stored bytes.
    details       text        not null,
    previous_hash varchar(64) not null,
    hash          varchar(64) not null,
    primary key (tenant_id, seq)
);
create index audit_event_by_request on audit_event (tenant_id, request_id, seq);
create index audit_event_by_action on audit_event (tenant_id, action, seq);

alter table audit_event enable row level security;
alter table audit_event force row level security;
create policy tenant_isolation on audit_event
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

-- Append-only for the service: it may read and add, never change or remove (no grant; the trigger says so
-- again should a grant ever be added by mistake).
grant select, insert on audit_event to ${app_role};
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
    if current_user = '${app_role}' then
        raise exception 'audit_event is append-only' using errcode = 'insufficient_privilege';
    end if;
    return coalesce(new, old);
end $$;
create trigger audit_event_append_only before update or delete on audit_event
    for each row execute function audit_event_append_only();
