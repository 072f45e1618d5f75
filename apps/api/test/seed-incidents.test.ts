import { describe, expect, it } from 'vitest'
import { withClient } from './helper.ts'

// The seeded history (seed-incidents.ts) is what a new street's map, list and search first show: it must read like
// reports a street's workers wrote, each worded for its problem and placed in its grid.
describe('the seeded incidents', () => {
  it('are worded for their sub-category and placed at a spot in their own grid', async () => {
    const seeded = await withClient(
      async (c) =>
        (
          await c.query<{ n: number; placed: number; wordings: number }>(`
        select count(*)::int n,
          count(*) filter (where i.address like g.name || ' %' and i.description like split_part(i.address, ' ', 2) || '_%')::int placed,
          count(distinct i.description)::int wordings
        from incidents i join grids g on g.id = i.grid_l3_id
        -- The seed's first step says where a case came from; the tests' own reports carry their description there.
        where exists (select 1 from incident_history h where h.incident_id = i.id and h.action = 'report' and h.note in ('巡查发现', '热线转办'))`)
        ).rows[0]!,
    )
    expect(seeded.n).toBeGreaterThan(1000)
    expect(seeded.placed).toBe(seeded.n)
    expect(seeded.wordings).toBeGreaterThan(300)
  })

  it('are reported by their unit grid’s worker and worked by someone whose scope holds them', async () => {
    const people = await withClient(
      async (c) =>
        (
          await c.query<{
            n: number
            own_reporter: number
            demo_worker: number
            misassigned: number
            strange_actors: number
            non_manager_audits: number
          }>(`
        with seeded as (
          select i.* from incidents i
          where exists (select 1 from incident_history h where h.incident_id = i.id and h.action = 'report' and h.note in ('巡查发现', '热线转办'))
        )
        select count(*)::int n,
          count(*) filter (where exists (select 1 from users u join user_grids ug on ug.user_id = u.id
            where u.id = s.reporter_id and u.role = 'worker' and ug.grid_id = s.grid_l3_id))::int own_reporter,
          count(*) filter (where s.reporter_id = (select id from users where phone = '13800000001'))::int demo_worker,
          count(*) filter (where s.assignee_user_id is not null and not exists (select 1 from user_grids ug
            where ug.user_id = s.assignee_user_id and ug.grid_id = s.grid_l3_id))::int misassigned,
          -- Every step's actor: the grid's worker, a handler of the case's department, or a supervisor of its community.
          (select count(*)::int from seeded x join incident_history h on h.incident_id = x.id join users a on a.id = h.actor_id
            where not (
              (a.role = 'worker' and exists (select 1 from user_grids ug where ug.user_id = a.id and ug.grid_id = x.grid_l3_id))
              or (a.role = 'handler' and a.department_id = x.assignee_department_id)
              or (a.role = 'supervisor' and exists (select 1 from user_grids ug where ug.user_id = a.id and ug.grid_id = x.grid_l1_id)))) strange_actors,
          -- The seed's audits, not the tests' (those through the API are in the audit log).
          (select count(*)::int from station_audits sa join users a on a.id = sa.auditor_id where a.role <> 'manager'
            and not exists (select 1 from audit_log l where l.action = 'station.audit' and l.after ->> 'auditId' = sa.id::text)) non_manager_audits
        from seeded s`)
        ).rows[0]!,
    )
    expect(people.n).toBeGreaterThan(1000)
    expect(people.own_reporter).toBe(people.n)
    expect(people.demo_worker).toBeGreaterThanOrEqual(10)
    expect(people.misassigned).toBe(0)
    expect(people.strange_actors).toBe(0)
    expect(people.non_manager_audits).toBe(0)
  })
})
