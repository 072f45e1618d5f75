import { describe, expect, it } from 'vitest'
import type pg from 'pg'
import { CLUSTER_CELLS_MAX_ZOOM } from '../src/plugins/app/incidents/incident-clusters.ts'
import { withClient } from './helper.ts'

// incident_cluster_cells (migration 0078) counts the closed and rejected cases per map cell at every zoom, kept by
// triggers as cases are written, end, move and go. Here every kind of change is made in SQL, in one transaction that
// is rolled back, to cases far from the street (around 100° E, 30° N) so that no other test's cases share a cell from
// zoom 6 on; after each change the cells there must equal a count of the cases.

/** The cells west of 110° E from zoom 6 to the finest, as stored and as counted from the cases themselves. */
async function storedAndCounted(c: pg.Client): Promise<[string[], string[]]> {
  const far = `zoom >= 6 and map_cell_lng(x + 1, zoom) <= 110`
  const stored = await c.query<{ cell: string }>(
    `select concat_ws(' ', zoom, status, x, y, count, round(lng_sum::numeric, 6), round(lat_sum::numeric, 6)) cell
     from incident_cluster_cells where count > 0 and ${far} order by 1`,
  )
  const counted = await c.query<{ cell: string }>(
    `select concat_ws(' ', zoom, status, x, y, count, round(lng_sum::numeric, 6), round(lat_sum::numeric, 6)) cell
     from (select z as zoom, status, map_cell_x(ST_X(location), z) x, map_cell_y(ST_Y(location), z) y,
             count(*) count, sum(ST_X(location)) lng_sum, sum(ST_Y(location)) lat_sum
           from incidents cross join generate_series(0, $1) z
           where status in ('closed', 'rejected') group by 1, 2, 3, 4) k
     where ${far} order by 1`,
    [CLUSTER_CELLS_MAX_ZOOM],
  )
  return [stored.rows.map((r) => r.cell), counted.rows.map((r) => r.cell)]
}

async function expectCellsToMatchCases(c: pg.Client, step: string): Promise<void> {
  const [stored, counted] = await storedAndCounted(c)
  expect(counted.length, step).toBeGreaterThan(0)
  expect(stored, step).toEqual(counted)
}

describe('incident_cluster_cells', () => {
  it('counts the finished cases per cell at every zoom as cases are written, end, move and go', async () => {
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

  it('holds every zoom from the whole world to the finest, one zoom the sum of the next', async () => {
    const rows = await withClient(async (c) => {
      const { rows } = await c.query<{ zoom: number; total: string }>(
        `select zoom, sum(count)::text total from incident_cluster_cells group by zoom order by zoom`,
      )
      return rows
    })
    expect(rows.map((r) => r.zoom)).toEqual(Array.from({ length: CLUSTER_CELLS_MAX_ZOOM + 1 }, (_, z) => z))
    expect(new Set(rows.map((r) => r.total)).size).toBe(1)
    expect(Number(rows[0]!.total)).toBeGreaterThan(0)
  })
})
