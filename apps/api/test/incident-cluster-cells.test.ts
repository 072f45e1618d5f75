import { describe, expect, it } from 'vitest'
import type pg from 'pg'
import { CLUSTER_CELLS_MAX_ZOOM } from '../src/plugins/app/incidents/incident-clusters.ts'
import { withClient } from './helper.ts'

// incident_cluster_cells (migrations 0078–0079) counts the cases per map cell at every zoom: each finished state on
// its own, every open state under one key. Triggers append each change to incident_cluster_cell_changes, which a fold
// moves into the cells. Here every kind of change is made in SQL, in one transaction that is rolled back, to cases
// far from the street (around 100° E, 30° N) so that no other test's cases share a cell from zoom 6 on; after each
// change the cells and the changes not yet folded must add up to a count of the cases.

const FAR = `zoom >= 6 and map_cell_lng(x + 1, zoom) <= 110`

/** The cells west of 110° E from zoom 6 to the finest, as stored (cells and changes) and as counted from the cases. */
async function storedAndCounted(c: pg.Client): Promise<[string[], string[]]> {
  const cell = `concat_ws(' ', zoom, status, x, y, count, round(lng_sum::numeric, 6), round(lat_sum::numeric, 6))`
  const stored = await c.query<{ cell: string }>(
    `select ${cell} cell
     from (select zoom, status, x, y, sum(count) count, sum(lng_sum) lng_sum, sum(lat_sum) lat_sum
           from (select * from incident_cluster_cells union all select * from incident_cluster_cell_changes) k
           where ${FAR} group by 1, 2, 3, 4) k
     where count > 0 order by 1`,
  )
  const counted = await c.query<{ cell: string }>(
    `select ${cell} cell
     from (select z as zoom, incident_cluster_key(status) status, map_cell_x(ST_X(location), z) x,
             map_cell_y(ST_Y(location), z) y, count(*) count, sum(ST_X(location)) lng_sum, sum(ST_Y(location)) lat_sum
           from incidents cross join generate_series(0, $1) z group by 1, 2, 3, 4) k
     where ${FAR} order by 1`,
    [CLUSTER_CELLS_MAX_ZOOM],
  )
  return [stored.rows.map((r) => r.cell), counted.rows.map((r) => r.cell)]
}

/** How many changes west of 110° E wait to be folded. */
async function changesWaiting(c: pg.Client): Promise<number> {
  const { rows } = await c.query<{ n: number }>(
    `select count(*)::int n from incident_cluster_cell_changes where ${FAR}`,
  )
  return rows[0]!.n
}

async function expectCellsToMatchCases(c: pg.Client, step: string): Promise<void> {
  const [stored, counted] = await storedAndCounted(c)
  expect(counted.length, step).toBeGreaterThan(0)
  expect(stored, step).toEqual(counted)
}

describe('incident_cluster_cells', () => {
  it('counts the cases per cell at every zoom as cases are written, end, move and go', async () => {
    await withClient(async (c) => {
      await c.query('begin')
      try {
        // 90 cases in one statement, a third each reported, closed and rejected, spread over about 2 km.
        await c.query(
          `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id,
             grid_l2_id, grid_l3_id, reporter_id, source, created_at)
           select 'CELLS-' || n, gen_random_uuid(), (select id from categories where parent_id is not null limit 1),
             '聚合格测试', (array['reported', 'closed', 'rejected'])[n % 3 + 1],
             ST_SetSRID(ST_MakePoint(100 + (n * 37 % 90) * 0.0002, 30 + (n * 53 % 90) * 0.0002), 4326),
             g.parent_l1, g.parent_id, g.id, (select id from users order by id limit 1), 'worker', now()
           from generate_series(1, 90) n,
             (select u.id, u.parent_id, a.parent_id parent_l1 from grids u join grids a on a.id = u.parent_id
              where u.level = 3 limit 1) g`,
        )
        await expectCellsToMatchCases(c, 'written')
        await c.query(`update incidents set status = 'closed' where case_number in ('CELLS-3', 'CELLS-6', 'CELLS-9')`)
        await expectCellsToMatchCases(c, 'ended')
        await c.query(
          `update incidents set location = ST_SetSRID(ST_MakePoint(100.05, 30.05), 4326)
           where case_number in ('CELLS-1', 'CELLS-2', 'CELLS-3')`,
        )
        await expectCellsToMatchCases(c, 'moved')
        // No workflow action leaves a terminal state; the counts follow the row whatever changes it.
        await c.query(`update incidents set status = 'dispatched' where case_number in ('CELLS-4', 'CELLS-5')`)
        await expectCellsToMatchCases(c, 'reopened')
        await c.query(`delete from incidents where case_number like 'CELLS-%' and id % 4 = 0`)
        await expectCellsToMatchCases(c, 'deleted')
        // A step between two open states changes no count: nothing is written.
        const before = await changesWaiting(c)
        await c.query(
          `update incidents set status = 'registered' where case_number like 'CELLS-%' and status = 'reported'`,
        )
        expect(await changesWaiting(c)).toBe(before)
        await expectCellsToMatchCases(c, 'registered')
        // The fold moves the changes into the cells, and the counts read the same.
        expect(before).toBeGreaterThan(0)
        await c.query('select incident_cluster_cells_fold()')
        expect(await changesWaiting(c)).toBe(0)
        await expectCellsToMatchCases(c, 'folded')
        // With triggers off (a bulk load, a test's clean-up of its own rows) the counts fall behind, and the recount
        // brings them back from the cases.
        await c.query('set local session_replication_role = replica')
        await c.query(`delete from incidents where case_number like 'CELLS-%' and id % 3 = 0`)
        await c.query('set local session_replication_role = origin')
        const [behind, truth] = await storedAndCounted(c)
        expect(behind).not.toEqual(truth)
        await c.query('select incident_cluster_cells_recount()')
        await expectCellsToMatchCases(c, 'recounted')
        await c.query(`delete from incidents where case_number like 'CELLS-%'`)
        const [stored] = await storedAndCounted(c)
        expect(stored).toEqual([])
      } finally {
        await c.query('rollback')
      }
    })
  })

  it('lets two transactions count cases in the same cells without one waiting for the other', async () => {
    // Both write a closed case at one spot: every zoom's cell is shared. Counted in place, the second would wait for
    // the first one's commit; appended as changes, it does not wait at all.
    const insert = (c: pg.Client, n: number) =>
      c.query(
        `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id,
           grid_l2_id, grid_l3_id, reporter_id, source, created_at)
         select 'CELLS-WAIT-' || ${n}, gen_random_uuid(), (select id from categories where parent_id is not null limit 1),
           '聚合格测试', 'closed', ST_SetSRID(ST_MakePoint(100.3, 30.3), 4326), a.parent_id, u.parent_id, u.id,
           (select id from users order by id limit 1), 'worker', now()
         from grids u join grids a on a.id = u.parent_id where u.level = 3 limit 1`,
      )
    await withClient(async (first) => {
      await withClient(async (second) => {
        await first.query('begin')
        await second.query('begin')
        try {
          await insert(first, 1)
          await second.query(`set local lock_timeout = '1s'`)
          await insert(second, 2)
          expect(await changesWaiting(second)).toBe(CLUSTER_CELLS_MAX_ZOOM + 1 - 6)
        } finally {
          await second.query('rollback')
          await first.query('rollback')
        }
      })
    })
  })

  it('holds every zoom from the whole world to the finest, one zoom the sum of the next', async () => {
    const rows = await withClient(async (c) => {
      const { rows } = await c.query<{ zoom: number; total: string }>(
        `select zoom, sum(count)::text total
         from (select * from incident_cluster_cells union all select * from incident_cluster_cell_changes) k
         group by zoom order by zoom`,
      )
      return rows
    })
    expect(rows.map((r) => r.zoom)).toEqual(Array.from({ length: CLUSTER_CELLS_MAX_ZOOM + 1 }, (_, z) => z))
    expect(new Set(rows.map((r) => r.total)).size).toBe(1)
    expect(Number(rows[0]!.total)).toBeGreaterThan(0)
  })
})
