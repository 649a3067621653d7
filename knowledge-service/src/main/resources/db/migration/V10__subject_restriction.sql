-- Art. 18 restriction and Art. 21 objection (ADR 0039): the identifiers (contact ids, email and phone blind indexes)
-- of a subject whose data is kept but no longer used, per request. A note or conversation whose subject index names
-- one of them is neither searched nor served to anyone but a privacy officer, nor changed. A RESTRICTION_LIFT
-- request deletes the subject's RESTRICTION rows. No personal data: identifiers only.
create table subject_restriction (
    tenant_id     uuid        not null,
    identifier    varchar(43) not null,
    request_id    uuid        not null,
    request_type  varchar(11) not null check (request_type in ('RESTRICTION', 'OBJECTION')),
    restricted_at timestamptz not null,
    primary key (tenant_id, identifier, request_id)
);

alter table subject_restriction enable row level security;
alter table subject_restriction force row level security;
create policy tenant_isolation on subject_restriction
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);

grant select, insert, update, delete on subject_restriction to ${app_role};
