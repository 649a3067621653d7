-- Search through one of two indexes, in one partition of search_entry per kind of text (docs/adr/0018).
--
-- Since V7 every search went through the index of search_terms and the policy also checked search_vector: a common
-- word always built a GIN bitmap of all its matches, as a primary-key walk (stopping after the first 1,000 matches)
-- would have decompressed the large search_terms of each row. Words are now answered by an index of search_vector
-- again, and only a quoted phrase (or a query with no positive word) by the pairs of search_terms.
--
-- The search transaction sets exactly one of the two conditions; the other setting is empty, so its comparison is
-- null: its index scan returns nothing at once, and as a filter the strict @@ does not even read the column.
--   oubli.search_words: the query, exact on search_vector (GIN rechecks the positions of a hyphenated word's phrase).
--   oubli.search_terms: the phrase-free necessary condition of V7; the query (oubli.search_query) is then checked on
--   the vector with ts_match_vq, the function behind @@, which the planner does not match to an index: otherwise it
--   may read the phrase's common words through the index of search_vector instead of its rare pairs.
--
-- One partition per kind of text, each with its own statistics: the planner knows that a word held by half the notes
-- is in a fifth of the (shorter) messages, so it walks the notes to their first matches but reads the messages'
-- matches through the index. The search reads each partition directly, under that partition's policy: through the
-- parent, PostgreSQL 15 plans a partition from its cheapest complete scan and never considers stopping a walk early
-- under the LIMIT. The triggers of V6 keep writing through the parent, under its maintenance policy. Existing entries
-- are copied, their search_terms computed again (about 1 ms per entry).

alter table search_entry rename to search_entry_v7;
alter table search_entry_v7 no force row level security;

create table search_entry (
    tenant_id     uuid        not null,
    item_type     varchar(10) not null
                  constraint search_entry_item_type_check check (item_type in ('DOCUMENT', 'NOTE', 'MESSAGE', 'TRANSCRIPT')),
    -- the document, note or message id; for a transcript, the conversation id
    item_id       uuid        not null,
    search_vector tsvector    not null,
    search_terms  tsvector    generated always as (search_terms_of(search_vector)) stored
) partition by list (item_type);
create table search_entry_document partition of search_entry for values in ('DOCUMENT');
create table search_entry_note partition of search_entry for values in ('NOTE');
create table search_entry_message partition of search_entry for values in ('MESSAGE');
create table search_entry_transcript partition of search_entry for values in ('TRANSCRIPT');

insert into search_entry (tenant_id, item_type, item_id, search_vector)
select tenant_id, item_type, item_id, search_vector from search_entry_v7;
drop table search_entry_v7;

alter table search_entry add primary key (tenant_id, item_type, item_id);
create index search_entry_words on search_entry using gin (tenant_id, search_vector);
create index search_entry_match on search_entry using gin (tenant_id, search_terms);

alter table search_entry enable row level security;
alter table search_entry force row level security;
do $$
declare
    entries text;
begin
    execute format($p$create policy tenant_maintenance on search_entry to %I
        using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)
        with check (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid)$p$, current_user);
    foreach entries in array array['search_entry_document', 'search_entry_note', 'search_entry_message',
                                     'search_entry_transcript'] loop
        execute format('alter table %I enable row level security', entries);
        execute format('alter table %I force row level security', entries);
        execute format($p$create policy tenant_search on %I for select to ${app_role}
            using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid
                   and (search_vector @@ cast(nullif(current_setting('oubli.search_words', true), '') as tsquery)
                        or (search_terms @@ cast(nullif(current_setting('oubli.search_terms', true), '') as tsquery)
                            and ts_match_vq(search_vector,
                                            cast(nullif(current_setting('oubli.search_query', true), '') as tsquery)))))$p$,
                       entries);
        execute format('grant select on %I to ${app_role}', entries);
    end loop;
end $$;
