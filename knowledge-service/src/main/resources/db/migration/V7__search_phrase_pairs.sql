-- Phrase search answered by the index (docs/adr/0017).
--
-- GIN stores no positions: a phrase query made every entry holding all its words a candidate, read and rechecked on
-- the heap ("contrat de livraison": ~40,000 entries read for ~2% that hold the phrase). Each entry now also has
-- search_terms: its lexemes without positions, plus one token per pair of lexemes at distance 1 to 3 in its vector
-- (`contrat 2 livrais`: a space is in no parser lexeme, so pair tokens never equal a word). The index is on
-- search_terms; the policy matches search_terms against a phrase-free necessary condition of the query (its phrases
-- replaced by their pair tokens), then checks the query itself on search_vector, which keeps positions and ranks.

-- Pairs are kept while the entry is small enough for every write to succeed (a tsvector is at most 1 MB): at most
-- position 1,000 (so at most 3,000 pair tokens), at most 512 kB of lexemes, lexemes of at most 60 bytes in a pair
-- (the query side skips the same lexemes). A larger entry carries the token `* capped` instead, which every phrase
-- condition accepts; `* entry` is in every entry, for a query with no positive word (e.g. only `-word`).
create function search_terms_of(search_vector tsvector) returns tsvector language sql immutable parallel safe
    set search_path = pg_catalog, public as $$
    with word as (
        select w.lexeme, p.pos
        from unnest(search_vector) w, unnest(w.positions) p (pos)
        where octet_length(w.lexeme) <= 60)
    select strip(search_vector) || array_to_tsvector(array['* entry'] || case
        when (select max(p) > 1000 or sum(octet_length(w.lexeme) + 4) > 524288
              from unnest(search_vector) w left join unnest(w.positions) p on true) then array['* capped']
        else array(select distinct a.lexeme || ' ' || d || ' ' || b.lexeme
                   from word a cross join generate_series(1, 3) d join word b on b.pos = a.pos + d) end)
$$;

-- A necessary condition of `query` that holds no phrase, to be matched against search_terms: each chain of plain
-- lexemes `'a' <d> 'b' ...` is replaced by its pairs at distance 1 to 3 (or `* capped`), what phrase operators remain
-- by `&`, weights are dropped; negations of single lexemes are kept (search_terms holds every lexeme), but if a
-- negation bears on a phrase, every negation is dropped (querytree). Pairs are derived only when no lexeme holds a
-- quote or a backslash and none is a prefix. An empty query gives null (nothing matches); one without a positive word
-- (only `-word`) gives `* entry`, every entry.
create function search_terms_query(query tsquery) returns tsquery language plpgsql immutable parallel safe
    set search_path = pg_catalog, public as $$
declare
    condition text := cast(query as text);
    chain text;
    lexemes text[];
    distances text[];
    pairs text[];
begin
    if numnode(query) = 0 then
        return null;
    end if;
    if querytree(query) = 'T' then
        return cast('''* entry''' as tsquery);
    end if;
    if condition ~ '!\(|!''[^'']*'' <|> !' then
        condition := querytree(query);
    end if;
    condition := regexp_replace(regexp_replace(condition, ''':\*[A-D]+', ''':*', 'g'), ''':[A-D]+', '''', 'g');
    if condition !~ '''''|\\|'':' then
        for chain in
            select m[1] from regexp_matches(condition, '(''[^'']+''(?: <(?:-|[0-9]+)> ''[^'']+'')+)', 'g') m
            order by length(m[1]) desc
        loop
            lexemes := array(select m[1] from regexp_matches(chain, '''([^'']+)''', 'g') m);
            distances := array(select replace(m[1], '-', '1') from regexp_matches(chain, '<(-|[0-9]+)>', 'g') m);
            pairs := array(select quote_literal(lexemes[i] || ' ' || distances[i] || ' ' || lexemes[i + 1])
                           from generate_series(1, cardinality(distances)) i
                           where distances[i] in ('1', '2', '3')
                             and octet_length(lexemes[i]) <= 60 and octet_length(lexemes[i + 1]) <= 60);
            if cardinality(pairs) > 0 then
                condition := replace(condition, chain, '( ' || array_to_string(pairs, ' & ') || ' | ''* capped'' )');
            end if;
        end loop;
    end if;
    return cast(regexp_replace(condition, ' <(-|[0-9]+)> ', ' & ', 'g') as tsquery);
end $$;

-- Computed on every insert and update of an entry by the triggers of V6, and now for every existing entry.
alter table search_entry add column search_terms tsvector generated always as (search_terms_of(search_vector)) stored;

drop index search_entry_match;
create index search_entry_match on search_entry using gin (tenant_id, item_type, search_terms);

-- The app role sees the tenant's entries whose terms match oubli.search_terms (through the index) and whose vector
-- matches oubli.search_query (the exact check, positions included, on the few entries the index let through).
drop policy tenant_search on search_entry;
create policy tenant_search on search_entry for select to ${app_role}
    using (tenant_id = nullif(current_setting('oubli.tenant_id', true), '')::uuid
           and search_terms @@ cast(nullif(current_setting('oubli.search_terms', true), '') as tsquery)
           and search_vector @@ cast(nullif(current_setting('oubli.search_query', true), '') as tsquery));
