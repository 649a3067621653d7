-- Full-text search in French and English, accent-insensitive (docs/adr/0010). unaccent and btree_gin are
-- trusted extensions: the database owner (this migration's role) may create them without superuser.
create extension if not exists unaccent;
create extension if not exists btree_gin;

create text search configuration oubli_french (copy = french);
alter text search configuration oubli_french
    alter mapping for hword, hword_part, word with unaccent, french_stem;
create text search configuration oubli_english (copy = english);
alter text search configuration oubli_english
    alter mapping for hword, hword_part, word with unaccent, english_stem;

-- Each text is indexed with both stemmers; titles weigh more than bodies. Generated columns stay true on every
-- write, masking and erasure included, without application code.
alter table document add column search_vector tsvector generated always as (
    setweight(to_tsvector('oubli_french', title), 'A') || setweight(to_tsvector('oubli_english', title), 'A')
    || setweight(to_tsvector('oubli_french', body), 'B') || setweight(to_tsvector('oubli_english', body), 'B')) stored;
alter table note add column search_vector tsvector generated always as (
    setweight(to_tsvector('oubli_french', title), 'A') || setweight(to_tsvector('oubli_english', title), 'A')
    || setweight(to_tsvector('oubli_french', body), 'B') || setweight(to_tsvector('oubli_english', body), 'B')) stored;
alter table conversation_message add column search_vector tsvector generated always as (
    setweight(to_tsvector('oubli_french', body), 'B') || setweight(to_tsvector('oubli_english', body), 'B')) stored;
alter table conversation add column search_vector tsvector generated always as (
    setweight(to_tsvector('oubli_french', coalesce(transcript, '')), 'B')
    || setweight(to_tsvector('oubli_english', coalesce(transcript, '')), 'B')) stored;

-- tenant_id leads every index (btree_gin), so one tenant's search never walks another's postings.
create index document_search on document using gin (tenant_id, search_vector);
create index note_search on note using gin (tenant_id, search_vector);
create index message_search on conversation_message using gin (tenant_id, search_vector);
create index transcript_search on conversation using gin (tenant_id, search_vector) where transcript is not null;
