import { sql, type Kysely } from 'kysely'

/**
 * The incident list's text search moves from trigrams (0009) to bigrams. A two-character Chinese word (井盖, 垃圾)
 * has no trigram, so the trigram index could not serve it and every such search read the whole table; every term of
 * two or more characters has bigrams. `incident_search_bigrams` turns the searchable text (description, case number,
 * address — the expression of 0009) into its set of overlapping two-character tokens, lower-cased, none spanning
 * white space; the search asks the GIN index for the rows holding all of the term's bigrams and rechecks with ILIKE.
 * Plain SQL and GIN's built-in array operators: the embedded PGlite runs it as PostGIS does (pg_bigm exists on
 * neither).
 *
 * The bigram index replaces the trigram one rather than joining it: a report writes one search index, as before,
 * into GIN's pending list, which the API empties every second (search-index-merger.ts, migration 0012's reasons).
 *
 * Case numbers get a pattern btree: a case-number prefix (`DY-2026`) is `case_number like 'DY-2026%'`, which the
 * unique index (collation order) cannot serve; with this one a rare prefix is a range scan, and a prefix matching
 * most cases is left to the primary key read newest first, which stops after one page.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function incident_search_bigrams(searchable text) returns text[]
    language sql immutable strict parallel safe
    as $$
      select coalesce(array_agg(distinct token), '{}')
      from (select substr(lower(searchable), i, 2) as token from generate_series(1, length(searchable) - 1) as i) t
      where token !~ '\\s'
    $$`.execute(db)
  await sql`
    create index incidents_search_bigrams on incidents
    using gin (incident_search_bigrams(description || ' ' || case_number || ' ' || coalesce(address, '')))
    with (fastupdate = on)`.execute(db)
  await sql`create index incidents_case_number_pattern on incidents (case_number text_pattern_ops)`.execute(db)
  await sql`drop index if exists incidents_search_trgm`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index incidents_search_trgm on incidents
    using gin ((description || ' ' || case_number || ' ' || coalesce(address, '')) gin_trgm_ops) with (fastupdate = on)`.execute(
    db,
  )
  await sql`drop index if exists incidents_case_number_pattern`.execute(db)
  await sql`drop index if exists incidents_search_bigrams`.execute(db)
  await sql`drop function if exists incident_search_bigrams(text)`.execute(db)
}
