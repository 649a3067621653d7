-- Full-text search that row-level security lets reach its GIN index (docs/adr/0015).
--
-- Under RLS, PostgreSQL applies a query's own conditions after the policy's, unless they are LEAKPROOF; the
-- full-text match `@@` is not, so `note.search_vector @@ query` could never be an index condition: every search
-- read and matched all of the tenant's rows (a rare word or no match at all: 0.2–1 s over 100,000 notes).
-- Conditions of the policy itself are applied first and may use an index. So the searchable vectors live in one
-- table whose read policy for the app role carries the match: the app sets `oubli.search_query` (a tsquery, text
-- form) in its transaction and sees exactly the entries of its tenant that match it, through the GIN index.
create table search_entry (
    tenant_id     uuid        not null,
    item_type     varchar(10) not null check (item_type in ('DOCUMENT', 'NOTE', 'MESSAGE', 'TRANSCRIPT')),
    -- the document, note or message id; for a transcript, the conversation id
    item_id       uuid        not null,
    search_vector tsvector    not null,
    primary key (tenant_id, item_type, item_id)
);
create index search_entry_match on search_entry using gin (tenant_id, item_type, search_vector);

alter table search_entry enable row level security;
alter table search_entry force row level security;
create policy tenant_search on search_entry for select to ${app_role}
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid
           and search_vector @@ cast(nullif(current_setting('oubli.search_query', true), '') as tsquery));
grant select on search_entry to ${app_role};

-- Entries are written only by the triggers below, which run as this migration's role (the owner): it may write and
-- read the current tenant's entries, whatever the search.
do $$
begin
    execute format($p$create policy tenant_maintenance on search_entry to %I
        using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, current_user);
end $$;

-- Each text with both stemmers; titles weigh more than bodies (as the generated columns of V3 did).
create function search_vector_of(title text, body text) returns tsvector language sql immutable parallel safe
    set search_path = pg_catalog, public as $$
    select setweight(to_tsvector('oubli_french', coalesce(title, '')), 'A') || setweight(to_tsvector('oubli_english', coalesce(title, '')), 'A')
        || setweight(to_tsvector('oubli_french', coalesce(body, '')), 'B') || setweight(to_tsvector('oubli_english', coalesce(body, '')), 'B')
$$;

-- One statement-level trigger function per source, with transition tables: a purge of 100,000 rows updates the
-- entries in one set-based statement, not 100,000 trigger calls.
create function search_entry_of_document() returns trigger language plpgsql security definer
    set search_path = pg_catalog, public as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from search_entry s using old_rows o
        where s.tenant_id = o.tenant_id and s.item_type = 'DOCUMENT' and s.item_id = o.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into search_entry (tenant_id, item_type, item_id, search_vector)
        select tenant_id, 'DOCUMENT', id, search_vector_of(title, body) from new_rows;
    end if;
    return null;
end $$;

create function search_entry_of_note() returns trigger language plpgsql security definer
    set search_path = pg_catalog, public as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from search_entry s using old_rows o
        where s.tenant_id = o.tenant_id and s.item_type = 'NOTE' and s.item_id = o.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into search_entry (tenant_id, item_type, item_id, search_vector)
        select tenant_id, 'NOTE', id, search_vector_of(title, body) from new_rows;
    end if;
    return null;
end $$;

create function search_entry_of_message() returns trigger language plpgsql security definer
    set search_path = pg_catalog, public as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from search_entry s using old_rows o
        where s.tenant_id = o.tenant_id and s.item_type = 'MESSAGE' and s.item_id = o.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into search_entry (tenant_id, item_type, item_id, search_vector)
        select tenant_id, 'MESSAGE', id, search_vector_of(null, body) from new_rows;
    end if;
    return null;
end $$;

create function search_entry_of_transcript() returns trigger language plpgsql security definer
    set search_path = pg_catalog, public as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        delete from search_entry s using old_rows o
        where s.tenant_id = o.tenant_id and s.item_type = 'TRANSCRIPT' and s.item_id = o.id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        insert into search_entry (tenant_id, item_type, item_id, search_vector)
        select tenant_id, 'TRANSCRIPT', id, search_vector_of(null, transcript) from new_rows where transcript is not null;
    end if;
    return null;
end $$;

do $$
declare
    source record;
begin
    for source in select * from (values ('document', 'search_entry_of_document'), ('note', 'search_entry_of_note'),
                                        ('conversation_message', 'search_entry_of_message'),
                                        ('conversation', 'search_entry_of_transcript')) s (tbl, fn) loop
        execute format('create trigger %1$s_inserted after insert on %2$I referencing new table as new_rows
                        for each statement execute function %1$s()', source.fn, source.tbl);
        execute format('create trigger %1$s_updated after update on %2$I referencing old table as old_rows new table as new_rows
                        for each statement execute function %1$s()', source.fn, source.tbl);
        execute format('create trigger %1$s_deleted after delete on %2$I referencing old table as old_rows
                        for each statement execute function %1$s()', source.fn, source.tbl);
    end loop;
end $$;

-- Existing content, every tenant at once: FORCE is lifted for this transaction only (the owner is this migration's
-- role), then put back.
alter table document no force row level security;
alter table note no force row level security;
alter table conversation_message no force row level security;
alter table conversation no force row level security;
alter table search_entry no force row level security;
insert into search_entry (tenant_id, item_type, item_id, search_vector)
select tenant_id, 'DOCUMENT', id, search_vector_of(title, body) from document
union all select tenant_id, 'NOTE', id, search_vector_of(title, body) from note
union all select tenant_id, 'MESSAGE', id, search_vector_of(null, body) from conversation_message
union all select tenant_id, 'TRANSCRIPT', id, search_vector_of(null, transcript) from conversation where transcript is not null;
alter table document force row level security;
alter table note force row level security;
alter table conversation_message force row level security;
alter table conversation force row level security;
alter table search_entry force row level security;

-- The generated vectors of V3 and their indexes are replaced by search_entry.
alter table document drop column search_vector;
alter table note drop column search_vector;
alter table conversation_message drop column search_vector;
alter table conversation drop column search_vector;
