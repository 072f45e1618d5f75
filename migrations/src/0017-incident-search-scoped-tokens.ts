import { sql, type Kysely } from 'kysely'

/**
 * The search index carries who may see each case, so a scoped user's search is one index scan.
 *
 * The bigram index (0015) found every case holding the term's bigrams, street-wide; a one-community supervisor
 * sees a ninth of them. Intersecting with the community's btree (108,000 entries at a million cases) cost more
 * than the search itself — 井盖 read 28,000 postings and built a 108,000-row bitmap to keep 1,348 cases — and where
 * the planner skipped it, a rare phrase (水表井内管道渗漏, 6,403 cases, none in the community) fetched all 6,403 rows
 * to throw them away (EXPLAIN ANALYZE, bench database). `incident_search_tokens` adds to a case's bigrams the tokens
 * of its visibility (incident-visibility.ts): `g <id>` for its unit grid, area and community, `r <id>` its reporter,
 * `u <id>` its assignee, `d <id>` its department. A token with a space is never a bigram (bigrams hold no white
 * space), so the two kinds cannot meet. A search asks for `tokens @> bigrams(term) and tokens && the user's scope
 * tokens`, and GIN intersects the posting lists itself: 井盖 for the supervisor reads 1,348 postings.
 *
 * The reports pay a few more entries in GIN's pending list (four at filing: three grids and the reporter; a
 * dispatched case five or six), emptied every second by search-index-merger.ts as before. Updates already wrote a
 * new entry for every token: `status` is indexed, so no update of a case is HOT. The index replaces the bigram one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create function incident_search_tokens(searchable text, grid_l1 integer, grid_l2 integer, grid_l3 integer,
      reporter integer, assignee_user integer, assignee_department integer) returns text[]
    language plpgsql immutable parallel safe
    as $$
    declare
      tokens text[] := coalesce(incident_search_bigrams(searchable), '{}');
    begin
      tokens := tokens || ('g ' || grid_l1) || ('g ' || grid_l2) || ('g ' || grid_l3) || ('r ' || reporter);
      if assignee_user is not null then
        tokens := tokens || ('u ' || assignee_user);
      end if;
      if assignee_department is not null then
        tokens := tokens || ('d ' || assignee_department);
      end if;
      return tokens;
    end
    $$`.execute(db)
  await sql`
    create index incidents_search_tokens on incidents
    using gin (incident_search_tokens(description || ' ' || case_number || ' ' || coalesce(address, ''),
      grid_l1_id, grid_l2_id, grid_l3_id, reporter_id, assignee_user_id, assignee_department_id))
    with (fastupdate = on)`.execute(db)
  await sql`drop index incidents_search_bigrams`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`
    create index incidents_search_bigrams on incidents
    using gin (incident_search_bigrams(description || ' ' || case_number || ' ' || coalesce(address, '')))
    with (fastupdate = on)`.execute(db)
  await sql`drop index incidents_search_tokens`.execute(db)
  await sql`drop function incident_search_tokens(text, integer, integer, integer, integer, integer, integer)`.execute(
    db,
  )
}
