-- A rectification that corrects an email or a phone reaches the consent ledger (issue 21 item 5, docs/adr/0047).
-- The link old -> new, by blind index only: a suppression or restriction recorded later under the old identifier
-- follows it to the new one. Deleted with the subject on erasure (the suppression entries outlive it).
create table identifier_rectification (
    tenant_id      uuid        not null,
    old_identifier varchar(43) not null,
    new_identifier varchar(43) not null,
    kind           varchar(5)  not null check (kind in ('EMAIL', 'PHONE')),
    request_id     uuid        not null,
    rectified_at   timestamptz not null default clock_timestamp(),
    primary key (tenant_id, old_identifier, new_identifier),
    check (old_identifier <> new_identifier)
);
create index identifier_rectification_by_new on identifier_rectification (tenant_id, new_identifier);

alter table identifier_rectification enable row level security;
alter table identifier_rectification force row level security;
create policy tenant_isolation on identifier_rectification
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
    with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid);
grant select, insert, delete on identifier_rectification to ${app_role};

-- A change carried over to the corrected identifier keeps its proof, source and dates; it names the change it
-- was copied from and the rectification request that copied it. One copy per change and identifier.
alter table consent_change
    add column rectified_from        uuid,
    add column rectification_request uuid,
    add check ((rectified_from is null) = (rectification_request is null));
create unique index consent_change_rectified on consent_change (tenant_id, rectified_from, coalesce(email_index, phone_index))
    where rectified_from is not null;
