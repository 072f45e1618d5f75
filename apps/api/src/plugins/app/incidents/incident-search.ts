import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { incidentRowVisibleTo } from './incident-visibility.ts'

/**
 * What the case desk's search box takes for a case number or the start of one: the street's letters, a dash, then
 * digits and dashes (DY-20261129-0001, DY-2026, DY-). Anything else is text.
 */
const CASE_NUMBER_PREFIX = /^[A-Za-z]{2,10}-[0-9-]*$/

const likeEscaped = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/** A case-number prefix held by at most this many cases is looked up through its own index first (casesNumbered). */
const FEW_CASES = 20_000

/**
 * The ids of the cases whose number starts with `term`, when it is a case-number prefix that at most FEW_CASES
 * cases hold; otherwise undefined, and the list walks the newest cases for it (a prefix most cases hold fills a page
 * at once). Asked first, because the planner cannot know where the matches lie: it estimates a prefix held by one
 * case in a hundred as spread evenly, and walked the primary key from the newest case for DY-2026 at a million cases
 * where the newest 990,000 held another prefix (170 ms, EXPLAIN ANALYZE, pnpm bench incident-list). Reading up to
 * 20,000 entries of the case-number index costs a few milliseconds; the list then reads exactly those ids.
 */
export async function casesNumbered(db: Kysely<Database>, term: string): Promise<string[] | undefined> {
  if (!CASE_NUMBER_PREFIX.test(term)) return undefined
  const {
    rows: [row],
  } = await sql<{ ids: string[] }>`
    select array(select id::text from incidents where case_number like ${`${likeEscaped(term.toUpperCase())}%`}
      limit ${FEW_CASES + 1}) as ids`.execute(db)
  return row!.ids.length <= FEW_CASES ? row!.ids : undefined
}

/**
 * How many of the newest cases (before the page's cursor) a street-wide search reads first. A phrase in one case in a
 * hundred is a bitmap of 94,000 cases at ten million — 0.35–0.53 s to read them all and sort, for a page of 50 that
 * the newest 5,000 already hold (pnpm bench city); 20,000 newest are read in a few milliseconds, and a phrase that
 * does not fill a page among them is rare enough for the index.
 */
export const RECENT_WINDOW = 20_000

/**
 * Whether this search reads the newest cases first (RECENT_WINDOW): for users who see the whole street, whose search
 * the index cannot narrow by scope, and text of two characters or more (shorter has no index path anyway).
 */
export function searchesRecentFirst(user: SignedInUser, term: string, numbered?: readonly string[]): boolean {
  return scopeOf(user).streetWide && numbered === undefined && !CASE_NUMBER_PREFIX.test(term) && /\S\S/u.test(term)
}

/**
 * The lowest id of the RECENT_WINDOW newest cases below `cursor` (all cases when none is given); null when fewer
 * than that many are left, and the window is everything.
 */
export async function recentWindowStart(db: Kysely<Database>, cursor: string | undefined): Promise<string | null> {
  const {
    rows: [row],
  } = await sql<{ id: string }>`
    select i.id::text as id from incidents i ${cursor === undefined ? sql`` : sql`where i.id < ${cursor}::bigint`}
    order by i.id desc offset ${RECENT_WINDOW - 1} limit 1`.execute(db)
  return row?.id ?? null
}

/** The searchable text of `incidents as i`: the expression the search index is built on (migrations 0015, 0017). */
const searchable = sql`i.description || ' ' || i.case_number || ' ' || coalesce(i.address, '')`

/** The search index's tokens of `incidents as i`, character for character its expression, or the planner ignores it. */
const searchTokens = sql`incident_search_tokens(${searchable}, i.grid_l1_id, i.grid_l2_id, i.grid_l3_id,
    i.reporter_id, i.assignee_user_id, i.assignee_department_id)`

/**
 * The visibility of incident-visibility.ts as the search index's tokens (migration 0017): a case is visible when its
 * tokens share one with the user's — a grid of their scope (`g <id>`: the case's unit grid, area or community is
 * one), themselves as reporter (`r`) or assignee (`u`), or a handler's department (`d`). Exactly the same rule,
 * written so GIN intersects it with the term's bigrams in one index scan; street-wide users need none.
 */
function visibilityAsTokens(user: SignedInUser): Expression<SqlBool> {
  const scope = scopeOf(user)
  if (scope.streetWide) return sql<SqlBool>`true`
  const tokens =
    user.role === 'handler'
      ? user.department
        ? [`d ${user.department.id}`]
        : []
      : [...scope.rootIds.map((id) => `g ${id}`), `r ${user.id}`, `u ${user.id}`]
  if (tokens.length === 0) return sql<SqlBool>`false`
  return sql<SqlBool>`${searchTokens} && ${tokens}::text[]`
}

/**
 * The visibility rule as a filter the planner neither serves from an index nor counts at its share: in a coalesce,
 * it is no OR of indexed columns, so a search does not intersect its own index (or a case-number range) with the
 * community's btree — 108,000 entries read to drop none, 35 ms of a 40 ms search for DY-2026 — and it is estimated
 * at a half, not once more at the share the search index's tokens already gave (estimated that small, a word in
 * one case in six in the community was read through the bitmap, 16,500 rows, instead of walking the newest cases).
 */
function visibilityAsFilter(user: SignedInUser): Expression<SqlBool> {
  return sql<SqlBool>`coalesce(${incidentRowVisibleTo(user)}, false)`
}

/**
 * What the user may see of `incidents as i` that contains `term`, without the search index: for a walk over the
 * newest cases (RECENT_WINDOW), where the bigrams would only draw the planner to the index's bitmap of every match.
 */
export function visibleIncidentsContaining(user: SignedInUser, term: string): Expression<SqlBool> {
  return sql<SqlBool>`(coalesce(${containsTerm(term)}, false) and ${visibilityAsFilter(user)})`
}

/**
 * The searchable text contains the term. A term without upper and lower case (Chinese, digits) is matched with LIKE,
 * byte for byte: ILIKE lower-cases every row's text first, five times the cost where the newest cases are walked one
 * by one.
 */
function containsTerm(term: string): Expression<SqlBool> {
  const hasCase = term.toLowerCase() !== term.toUpperCase()
  return sql<SqlBool>`(${searchable}) ${sql.raw(hasCase ? 'ilike' : 'like')} ${`%${likeEscaped(term)}%`}`
}

/**
 * What the user may see of `incidents as i` that matches the incident list's search `q`: the visibility rule and
 * the term, together, since for text the search index holds both.
 *
 * A case number or its prefix is `case_number like 'DY-2026%'`: a rare prefix is a range scan of the pattern btree;
 * one matching most cases is read along the primary key, newest first, and the list's page limit stops it after
 * one page — the planner picks between the two from the column's statistics.
 *
 * Text of two or more characters must hold every one of the term's bigrams and a token of the user's visibility —
 * the GIN index finds those rows — and then contain the term itself (LIKE or ILIKE rechecks: bigrams in another
 * order match the index but not the term). The visibility is there twice: as tokens, for the index, and as the
 * rule itself, for the rows (visibilityAsFilter). A one-character term has no bigram (nor has `a b`) and is only
 * the ILIKE: read newest first, a common character fills a page at once.
 */
export function visibleIncidentsMatching(
  user: SignedInUser,
  term: string,
  numbered?: readonly string[],
): Expression<SqlBool> {
  const visible = visibilityAsFilter(user)
  // The cases a rare case-number prefix names, found beforehand (casesNumbered).
  if (numbered) return sql<SqlBool>`(i.id = any(${numbered}::bigint[]) and ${visible})`
  if (CASE_NUMBER_PREFIX.test(term))
    return sql<SqlBool>`(i.case_number like ${`${likeEscaped(term.toUpperCase())}%`} and ${visible})`
  const contains = containsTerm(term)
  // No two adjacent non-blank characters, no bigram: an empty set would make GIN read its whole index.
  if (!/\S\S/u.test(term)) return sql<SqlBool>`(${contains} and ${visible})`
  // The recheck sits in a coalesce, which the planner cannot estimate (it takes a half): estimated as an ILIKE
  // ('%垃圾%' ≈ 0.03 %) on top of the bigrams' own, accurate share, a word in one case in ten looked like a few rows,
  // and the planner read all of them through the bitmap and sorted them instead of walking the newest cases.
  // The rule itself follows too (visibilityAsFilter): where the planner walks the newest cases instead (a word in
  // one case in ten), filters run cheapest first, so it and the LIKE decide a row before the token function (70 µs)
  // runs on it, and a walk no longer pays that for every case outside the scope that holds the word.
  return sql<SqlBool>`(${searchTokens} @> incident_search_bigrams(${term}) and ${visibilityAsTokens(user)}
    and coalesce(${contains}, false) and ${visible})`
}
