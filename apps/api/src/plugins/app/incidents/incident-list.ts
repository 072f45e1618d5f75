import { sql, type Expression, type Kysely, type SqlBool } from 'kysely'
import { SLA_RUNNING_STATES } from '@wangge/workflow'
import { DUE_SOON_HOURS, type IncidentQueue, type IncidentSort, type IncidentSource } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { envelope, type BBox } from '../../../db/postgis.ts'
import { printableShanghaiIso } from '../../../db/shanghai-time.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import {
  incidentInGridSubtrees,
  incidentRowChain,
  incidentRowVisibilityBranches,
  incidentRowVisibleTo,
  type VisibilityBranch,
} from './incident-visibility.ts'
import {
  casesNumbered,
  recentWindowStart,
  searchesRecentFirst,
  visibleIncidentsContaining,
  visibleIncidentsMatching,
} from './incident-search.ts'

// Literals, not a parameter: `status in ('dispatched', 'in_progress')` is the predicate of the partial index
// incidents_due_idx (migration 0005), and the planner uses that index only when the query names the same constants.
const slaRunning = sql.join(SLA_RUNNING_STATES.map((state) => sql.lit(state)))

/** Cases past their due time while someone still has to act on them: workflow's `isOverdue` in SQL. */
export const overdueCondition = sql<boolean>`(i.status in (${slaRunning}) and i.due_at < now())`

/** The case desk's queues (contract `IncidentQueue`); the running ones name the literals of incidents_due_idx too. */
export const queueCondition: Record<IncidentQueue, ReturnType<typeof sql<boolean>>> = {
  to_register: sql<boolean>`i.status = 'reported'`,
  to_dispatch: sql<boolean>`i.status = 'registered'`,
  to_verify: sql<boolean>`i.status = 'handled'`,
  due_soon: sql<boolean>`(i.status in (${slaRunning}) and i.due_at >= now() and i.due_at < now() + make_interval(hours => ${sql.lit(DUE_SOON_HOURS)}))`,
  overdue: overdueCondition,
  rework: sql<boolean>`(i.status in (${slaRunning}) and i.rework_count > 0)`,
}

export interface IncidentFilters {
  status?: string[] | undefined
  /** A group (E01) or sub-category (E0101) code. */
  category?: string | undefined
  /** Incidents in this grid's subtree. */
  gridId?: number | undefined
  /** gridId's level, looked up by withLookups (none: no such grid, and no incident is in it). */
  gridLevel?: number | undefined
  bbox?: BBox | undefined
  assigneeUserId?: number | undefined
  departmentId?: number | undefined
  overdue?: boolean | undefined
  from?: Date | undefined
  to?: Date | undefined
  text?: string | undefined
  /** The cases the text names when it is a rare case-number prefix (casesNumbered, withLookups). */
  numbered?: readonly string[] | undefined
  /**
   * Only cases from this id on, the text matched without the search index: the newest cases a street-wide search
   * reads first (listIncidents, RECENT_WINDOW); null reads them all that way.
   */
  recentFrom?: string | null | undefined
  /** Sent back by a failed verification at least once (true) or never (false): a handler's 返工 queue. */
  rework?: boolean | undefined
  /** Incidents this user reported (the worker's 我的上报). */
  reporterUserId?: number | undefined
  queue?: IncidentQueue | undefined
  /** Where the case came from (incidents.source). */
  source?: IncidentSource | undefined
}

/**
 * The filters with what is looked up before the query: the cases a rare case-number prefix names
 * (incident-search.ts), and the level of the grid filtered by (incidentInGridSubtrees compares that level's column).
 */
export async function withLookups(db: Kysely<Database>, f: IncidentFilters): Promise<IncidentFilters> {
  let looked = f
  if (f.gridId !== undefined && f.gridLevel === undefined) {
    const grid = await db.selectFrom('grids').select('level').where('id', '=', f.gridId).executeTakeFirst()
    looked = { ...looked, gridLevel: grid?.level }
  }
  if (f.text === undefined || f.numbered !== undefined) return looked
  const numbered = await casesNumbered(db, f.text)
  return numbered ? { ...looked, numbered } : looked
}

/**
 * The incidents a user may see, filtered; the query both the list and the map layer start from. `visibility` narrows
 * the rule to one of its branches (incidentRowVisibilityBranches), for a search-free page taken branch by branch.
 */
export function visibleIncidents(
  db: Kysely<Database>,
  user: SignedInUser,
  f: IncidentFilters,
  visibility: Expression<SqlBool> = incidentRowVisibleTo(user),
) {
  return (
    db
      .selectFrom('incidents as i')
      // A search names the visibility itself, in the form its index holds (incident-search.ts).
      .where(
        f.text === undefined
          ? visibility
          : f.recentFrom !== undefined
            ? visibleIncidentsContaining(user, f.text)
            : visibleIncidentsMatching(user, f.text, f.numbered),
      )
      .$if(typeof f.recentFrom === 'string', (q) => q.where('i.id', '>=', f.recentFrom!))
      .$if(f.status !== undefined && f.status.length > 0, (q) => q.where('i.status', 'in', f.status!))
      .$if(f.category !== undefined, (q) =>
        // The category's ids, not a join: a join to categories on every candidate, planned for the one row a
        // many-bigram search is estimated at, was a loop over the 48 categories for each of 6,400 matches (70 ms).
        q.where((eb) =>
          eb(
            'i.category_id',
            'in',
            eb
              .selectFrom('categories as fc')
              .select('fc.id')
              .where((w) =>
                w.or([
                  w('fc.code', '=', f.category!),
                  w(
                    'fc.parent_id',
                    '=',
                    w.selectFrom('categories as pc').select('pc.id').where('pc.code', '=', f.category!),
                  ),
                ]),
              ),
          ),
        ),
      )
      .$if(f.gridId !== undefined, (q) =>
        q.where(
          f.gridLevel === undefined
            ? sql<boolean>`false`
            : incidentInGridSubtrees(incidentRowChain('i'), [{ id: f.gridId!, level: f.gridLevel }]),
        ),
      )
      .$if(f.bbox !== undefined, (q) => q.where(sql<boolean>`i.location && ${envelope(f.bbox!)}`))
      .$if(f.assigneeUserId !== undefined, (q) => q.where('i.assignee_user_id', '=', f.assigneeUserId!))
      .$if(f.reporterUserId !== undefined, (q) => q.where('i.reporter_id', '=', f.reporterUserId!))
      .$if(f.departmentId !== undefined, (q) => q.where('i.assignee_department_id', '=', f.departmentId!))
      .$if(f.rework === true, (q) => q.where('i.rework_count', '>', 0))
      .$if(f.rework === false, (q) => q.where('i.rework_count', '=', 0))
      .$if(f.overdue === true, (q) => q.where(overdueCondition))
      .$if(f.overdue === false, (q) => q.where(sql<boolean>`not ${overdueCondition}`))
      .$if(f.from !== undefined, (q) => q.where('i.created_at', '>=', f.from!))
      .$if(f.to !== undefined, (q) => q.where('i.created_at', '<', f.to!))
      .$if(f.queue !== undefined, (q) => q.where(queueCondition[f.queue!]))
      .$if(f.source !== undefined, (q) => q.where('i.source', '=', f.source!))
  )
}

export interface IncidentPageRequest {
  /** The last id of the previous page. */
  cursor?: string | undefined
  limit: number
  sort?: IncidentSort | undefined
}

export async function listIncidents(
  db: Kysely<Database>,
  user: SignedInUser,
  f: IncidentFilters,
  page: IncidentPageRequest,
) {
  const oldestFirst = page.sort === 'oldest'
  const filters = await withLookups(db, f)
  // The page's ids first, then their rows: a search finds its matches through a bitmap and sorts them, and with
  // every column built for every match (JSON, times, the grid's join) a street-wide search for a phrase in 6,400
  // cases spent 120 ms where sorting the ids took 25 (EXPLAIN ANALYZE at a million cases). A LIMIT keeps the
  // subquery planned on its own.
  const direction = oldestFirst ? sql`asc` : sql`desc`
  const pageOf = (scoped: IncidentFilters, branch?: VisibilityBranch) =>
    visibleIncidents(db, user, scoped, branch?.condition)
      .select('i.id')
      .$if(page.cursor !== undefined, (q) => q.where('i.id', oldestFirst ? '>' : '<', page.cursor!))
      .$if(Boolean(branch?.orderedBy), (q) => q.orderBy(branch!.orderedBy!, oldestFirst ? 'asc' : 'desc'))
      .orderBy('i.id', oldestFirst ? 'asc' : 'desc')
      .limit(page.limit + 1)
  // A worker's or supervisor's page is the page of each way a case reaches them, merged (incidentRowVisibilityBranches).
  const pageIds = (scoped: IncidentFilters) => {
    const branches = scoped.text === undefined ? incidentRowVisibilityBranches(user) : null
    if (!branches) return pageOf(scoped)
    const pages = sql.join(
      branches.map((branch) => sql`(${pageOf(scoped, branch)})`),
      sql` union `,
    )
    return sql<string>`(select p.id from (${pages}) p order by p.id ${direction} limit ${page.limit + 1})`
  }
  // A street-wide search reads the newest cases first: a common phrase fills the page there, and only a rarer one
  // goes to the search index (incident-search.ts, RECENT_WINDOW).
  let recentIds: string[] | undefined
  if (!oldestFirst && filters.text !== undefined && searchesRecentFirst(user, filters.text, filters.numbered)) {
    const recentFrom = await recentWindowStart(db, page.cursor)
    const found = await pageOf({ ...filters, recentFrom }).execute()
    if (found.length > page.limit || recentFrom === null) recentIds = found.map((r) => r.id)
  }
  if (recentIds?.length === 0) return { items: [], nextCursor: null }
  const rows = await db
    .selectFrom('incidents as i')
    .where('i.id', 'in', recentIds ?? pageIds(filters))
    .innerJoin('categories as c', 'c.id', 'i.category_id')
    .innerJoin('grids as g3', 'g3.id', 'i.grid_l3_id')
    .select([
      sql<string>`i.id::text`.as('id'),
      'i.case_number as caseNumber',
      'i.status',
      'i.description',
      'i.source',
      'i.rework_count as reworkCount',
      // A failed verification is the only step that sends a case back; its note says why (incident_history_incident_idx).
      sql<string | null>`case when i.rework_count > 0 then (select h.note from incident_history h
        where h.incident_id = i.id and h.action = 'verify' and h.to_status = 'dispatched' order by h.id desc limit 1) end`.as(
        'reworkReason',
      ),
      sql<{
        code: string
        name: string
        nameEn: string
      }>`json_build_object('code', c.code, 'name', c.name, 'nameEn', c.name_en)`.as('category'),
      sql<{ lng: number; lat: number }>`json_build_object('lng', ST_X(i.location), 'lat', ST_Y(i.location))`.as(
        'location',
      ),
      sql<{
        id: number
        code: string
        name: string
      }>`json_build_object('id', g3.id, 'code', g3.code, 'name', g3.name)`.as('grid'),
      printableShanghaiIso('i.due_at').as('dueAt'),
      printableShanghaiIso('i.created_at').as('createdAt'),
      overdueCondition.as('overdue'),
    ])
    .orderBy('i.id', oldestFirst ? 'asc' : 'desc')
    .execute()
  const items = rows.slice(0, page.limit)
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null }
}

/** Points for the map: status, category, overdue, due time; bounded, newest first. */
export async function incidentPoints(
  db: Kysely<Database>,
  user: SignedInUser,
  f: IncidentFilters,
  limit: number,
): Promise<string> {
  const features = visibleIncidents(db, user, await withLookups(db, f))
    .innerJoin('categories as c', 'c.id', 'i.category_id')
    .select(
      sql<string>`json_build_object('type', 'Feature', 'id', i.id::text,
        'geometry', ST_AsGeoJSON(i.location, 6)::json,
        'properties', json_build_object('id', i.id::text, 'caseNumber', i.case_number, 'status', i.status, 'category', c.code,
          'overdue', ${overdueCondition}, 'gridL1', i.grid_l1_id, 'gridL2', i.grid_l2_id, 'gridL3', i.grid_l3_id,
          -- What the live map's queue shows and its events carry (realtime/incident-event.ts), so both read alike.
          'description', left(i.description, 120), 'dueAt', i.due_at, 'createdAt', i.created_at,
          'assigneeUserId', i.assignee_user_id, 'assigneeDepartmentId', i.assignee_department_id, 'reworkCount', i.rework_count))::text`.as(
        'feature',
      ),
    )
    .orderBy('i.id', 'desc')
    .limit(limit)
  const {
    rows: [row],
  } = await sql<{ collection: string }>`
    select '{"type":"FeatureCollection","features":[' || coalesce(string_agg(f.feature, ','), '') || ']}' as collection from (${features}) f`.execute(
    db,
  )
  return row!.collection
}
