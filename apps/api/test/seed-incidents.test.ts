import { describe, expect, it } from 'vitest'
import { withClient } from './helper.ts'

// The seeded history (seed-incidents.ts) is what a new street's map, list and search first show: it must read like
// reports a street's workers wrote, each worded for its problem and placed in its grid.
describe('the seeded incidents', () => {
  it('are worded for their sub-category and placed at a spot in their own grid', async () => {
    const seeded = await withClient(async (c) =>
      (await c.query<{ n: number; placed: number; wordings: number }>(`
        select count(*)::int n,
          count(*) filter (where i.address like g.name || ' %' and i.description like split_part(i.address, ' ', 2) || '_%')::int placed,
          count(distinct i.description)::int wordings
        from incidents i join grids g on g.id = i.grid_l3_id
        -- The seed's first step says where a case came from; the tests' own reports carry their description there.
        where exists (select 1 from incident_history h where h.incident_id = i.id and h.action = 'report' and h.note in ('巡查发现', '热线转办'))`)).rows[0]!,
    )
    expect(seeded.n).toBeGreaterThan(1000)
    expect(seeded.placed).toBe(seeded.n)
    expect(seeded.wordings).toBeGreaterThan(300)
  })
})
