import { sql, type Kysely } from 'kysely'

/**
 * The trigram index goes back to GIN's pending list (0011 had taken it off), now emptied by the API every second
 * (plugins/app/incidents/search-index-merger.ts) rather than by whichever report found it full.
 *
 * Why: a report's text is 40–60 trigrams (description, case number, address). Taken into the index in place, each
 * is a descent and a posting-list rewrite — with realistic wording a third of the report's database time and 80 %
 * of its WAL (16–25 KB a report, most of it full-page images of index pages all over the index). Appended to the
 * pending list they cost little, and the merge sorts a second's worth and writes each trigram once. Saturating load
 * on two cores, 1 M incidents, per report: database CPU 1.50 → 1.03 ms, WAL 20 → 5.3 KB, 620 → 734 reports/s.
 * 0011's stalls came from a report doing a merge of the whole 4 MB list; with the list emptied every second no
 * report meets a full one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`alter index incidents_search_trgm set (fastupdate = on)`.execute(db)
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`alter index incidents_search_trgm set (fastupdate = off)`.execute(db)
  await sql`select gin_clean_pending_list('incidents_search_trgm'::regclass)`.execute(db)
}
