import { sql, type SqlBool } from 'kysely'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'

/**
 * What the case desk's search box takes for a case number or the start of one: the street's letters, a dash, then
 * digits and dashes (DY-20261129-0001, DY-2026, DY-). Anything else is text.
 */
const CASE_NUMBER_PREFIX = /^[A-Za-z]{2,10}-[0-9-]*$/

const likeEscaped = (term: string) => term.replace(/[\\%_]/g, (ch) => `\\${ch}`)

/**
 * The condition of the incident list's search `q` over `incidents as i` (migration 0015).
 *
 * A case number or its prefix is `case_number like 'DY-2026%'`: a rare prefix is a range scan of the pattern btree;
 * one matching most cases is read along the primary key, newest first, and the list's page limit stops it after
 * one page — the planner picks between the two from the column's statistics.
 *
 * Text of two or more characters must hold every one of the term's bigrams — the GIN index finds those rows — and
 * then contain the term itself (LIKE or ILIKE rechecks: bigrams in another order match the index but not the term). The
 * expression is the index's, character for character, or the planner does not use it. A one-character term has
 * no bigram (nor has `a b`) and is only the ILIKE: read newest first, a common character fills a page at once.
 */
export function incidentSearchCondition(term: string) {
  if (CASE_NUMBER_PREFIX.test(term)) return sql<SqlBool>`i.case_number like ${`${likeEscaped(term.toUpperCase())}%`}`
  // A term without upper and lower case (Chinese, digits) is matched with LIKE, byte for byte: ILIKE lower-cases
  // every row's text first, five times the cost where the newest cases are walked one by one.
  const hasCase = term.toLowerCase() !== term.toUpperCase()
  const contains = sql<SqlBool>`(i.description || ' ' || i.case_number || ' ' || coalesce(i.address, '')) ${sql.raw(hasCase ? 'ilike' : 'like')} ${`%${likeEscaped(term)}%`}`
  // No two adjacent non-blank characters, no bigram: an empty set would make GIN read its whole index.
  if (!/\S\S/u.test(term)) return contains
  // The recheck sits in a coalesce, which the planner cannot estimate (it takes a half): estimated as an ILIKE
  // ('%垃圾%' ≈ 0.03 %) on top of the bigrams' own, accurate share, a word in one case in ten looked like a few rows,
  // and the planner read all of them through the bitmap and sorted them instead of walking the newest cases.
  return sql<SqlBool>`(incident_search_bigrams(i.description || ' ' || i.case_number || ' ' || coalesce(i.address, ''))
    @> incident_search_bigrams(${term}) and coalesce(${contains}, false))`
}

/**
 * The visibility of a worker or supervisor (incident-visibility.ts) again, in a form indexes serve: a case in their
 * grids' subtrees has one of them as its unit grid, area or community (the chain each case stores), or they reported
 * or hold it. Searching, the planner can then intersect the bigram index with the scope's own index scans
 * (l1/l2/l3, reporter, assignee) — at a million cases a supervisor of one community searching 井盖 read 1,000 rows
 * instead of walking 50,000 newest cases for the few of theirs. It never widens what the user sees: the list keeps
 * the visibility rule itself; street-wide users and handlers need no such help and get `true`.
 */
export function indexableScopeOf(user: SignedInUser) {
  const scope = scopeOf(user)
  if (scope.streetWide || user.role === 'handler') return sql<SqlBool>`true`
  const roots = sql`${[...scope.rootIds]}::int[]`
  return sql<SqlBool>`(i.grid_l1_id = any(${roots}) or i.grid_l2_id = any(${roots}) or i.grid_l3_id = any(${roots})
    or i.reporter_id = ${user.id} or i.assignee_user_id = ${user.id})`
}
