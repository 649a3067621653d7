-- The AI Brain's content (documents, notes, conversations), the tenant's sensitive-data guard policy and the
-- subject index of what each item says about whom. Every table: tenant_id first in its keys, RLS forced.

-- Documents keep the text extracted from what was uploaded (never the original bytes: docs/adr/0009).
alter table document add column format varchar(10) not null default 'TEXT';
alter table document add constraint document_format check (format in ('TEXT', 'MARKDOWN', 'HTML', 'PDF'));
create index document_by_tenant_and_update on document (tenant_id, updated_at, id);
create index document_by_tenant_creation_and_id on document (tenant_id, created_at, id);

create table note (
    tenant_id  uuid          not null,
    id         uuid          not null,
    -- the contact the note is about, if any (a contact id of contacts-service; no foreign key across services)
    contact_id uuid,
    title      varchar(500)  not null,
    body       text          not null,
    created_at timestamptz   not null,
    updated_at timestamptz   not null,
    primary key (tenant_id, id)
);
create index note_by_tenant_and_creation on note (tenant_id, created_at, id);
create index note_by_tenant_and_update on note (tenant_id, updated_at, id);
create index note_by_contact on note (tenant_id, contact_id) where contact_id is not null;

create table conversation (
    tenant_id        uuid         not null,
    id               uuid         not null,
    agent            varchar(200) not null,
    channel          varchar(10)  not null check (channel in ('EMAIL', 'CALL', 'CHAT', 'SMS')),
    started_at       timestamptz  not null,
    -- the latest of started_at and every message's sent_at: what retention measures age by
    last_activity_at timestamptz  not null,
    -- null: the AI disclosure was not (yet) given in this conversation
    ai_disclosed_at  timestamptz,
    -- the call transcript (CALL), guarded like every text
    transcript       text,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    primary key (tenant_id, id)
);
create index conversation_by_tenant_and_start on conversation (tenant_id, started_at, id);
create index conversation_by_agent on conversation (tenant_id, agent, started_at, id);
create index conversation_by_activity on conversation (tenant_id, last_activity_at, id);

create table conversation_participant (
    tenant_id       uuid         not null,
    id              uuid         not null,
    conversation_id uuid         not null,
    position        smallint     not null,
    contact_id      uuid,
    email           varchar(320),
    phone           varchar(20),
    email_index     varchar(43),
    phone_index     varchar(43),
    primary key (tenant_id, id),
    unique (tenant_id, conversation_id, position),
    foreign key (tenant_id, conversation_id) references conversation (tenant_id, id) on delete cascade,
    check (contact_id is not null or email is not null or phone is not null)
);
create index participant_by_contact on conversation_participant (tenant_id, contact_id) where contact_id is not null;

create table conversation_message (
    tenant_id       uuid        not null,
    conversation_id uuid        not null,
    id              uuid        not null,
    direction       varchar(8)  not null check (direction in ('INBOUND', 'OUTBOUND')),
    sent_at         timestamptz not null,
    body            text        not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, conversation_id) references conversation (tenant_id, id) on delete cascade
);
create index message_by_conversation on conversation_message (tenant_id, conversation_id, sent_at, id);

-- What the sensitive-data guard does with each kind of finding; a kind without a row takes the platform default.
create table guard_policy (
    tenant_id uuid        not null,
    kind      varchar(40) not null,
    action    varchar(10) not null check (action in ('BLOCK', 'REDACT', 'WARN')),
    primary key (tenant_id, kind)
);

-- Who each item concerns, as blind indexes (libs/subject-index) or contact ids, never a raw identifier.
-- role PARTICIPANT: a conversation's participant; ABOUT: the contact a note is about; MENTION: an email address
-- or phone number found in the item's text. Rewritten on every write of the item, removed with it.
create table subject_index (
    tenant_id       uuid        not null,
    item_type       varchar(12) not null check (item_type in ('DOCUMENT', 'NOTE', 'CONVERSATION')),
    item_id         uuid        not null,
    identifier_kind varchar(8)  not null check (identifier_kind in ('CONTACT', 'EMAIL', 'PHONE')),
    identifier      varchar(43) not null,
    role            varchar(12) not null check (role in ('PARTICIPANT', 'ABOUT', 'MENTION')),
    primary key (tenant_id, item_type, item_id, identifier_kind, identifier, role)
);
create index subject_index_by_identifier on subject_index (tenant_id, identifier_kind, identifier);

do $$
declare t text;
begin
    foreach t in array array['note', 'conversation', 'conversation_participant', 'conversation_message',
                             'guard_policy', 'subject_index'] loop
        execute format('alter table %I enable row level security', t);
        execute format('alter table %I force row level security', t);
        execute format($p$create policy tenant_isolation on %I
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
            with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, t);
    end loop;
end $$;

grant select, insert, update, delete on note, conversation, conversation_participant, conversation_message,
    guard_policy, subject_index to ${app_role};
