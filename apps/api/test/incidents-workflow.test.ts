import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { createWorkingCalendar, dueAt, CHINA_2026 } from '@wangge/sla'
import { DEMO, multipart, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'

type Role = 'worker' | 'supervisor' | 'handler' | 'manager' | 'admin'
type State = 'reported' | 'registered' | 'rejected' | 'dispatched' | 'in_progress' | 'handled' | 'closed'
type Action = 'register' | 'reject' | 'dispatch' | 'accept' | 'return' | 'feedback' | 'verify' | 'extend'
const STATES: State[] = ['reported', 'registered', 'rejected', 'dispatched', 'in_progress', 'handled', 'closed']
const ACTIONS: Action[] = ['register', 'reject', 'dispatch', 'accept', 'return', 'feedback', 'verify', 'extend']
const ROLES: Role[] = ['worker', 'supervisor', 'handler', 'manager', 'admin']

/** Written by hand from DESIGN.md's diagram, independently of @wangge/workflow's table. */
const LEGAL: Record<State, Action[]> = {
  reported: ['register', 'reject'],
  registered: ['dispatch'],
  rejected: [],
  dispatched: ['accept', 'return', 'extend'],
  in_progress: ['return', 'feedback', 'extend'],
  handled: ['verify'],
  closed: [],
}
const SUPERVISING: Action[] = ['register', 'reject', 'dispatch', 'verify', 'extend']
/** States in which the fixture is assigned to the demo worker and the enforcement office. */
const ASSIGNED: State[] = ['dispatched', 'in_progress', 'handled']

function expected(state: State, action: Action, role: Role): number {
  // A handler sees only what is dispatched to their department; the others see this grid's incidents.
  if (role === 'handler' && !ASSIGNED.includes(state)) return 404
  if (!LEGAL[state].includes(action)) return 409
  const allowed = SUPERVISING.includes(action)
    ? role === 'supervisor' || role === 'admin'
    : role === 'worker' || role === 'handler'
  if (!allowed) return 403
  // A handler who returns a case hands it out of their view: the step is taken, the reply carries no record.
  return role === 'handler' && action === 'return' ? 204 : 200
}

const apps = {} as Record<Role, SignedInApp>
let fx: {
  workerId: number
  departmentId: number
  categoryId: number
  grids: number[]
  point: { lng: number; lat: number }
}

async function incidentIn(state: State): Promise<string> {
  return withClient(async (c) => {
    const assigned = ASSIGNED.includes(state)
    const { rows } = await c.query<{ id: string }>(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id, reporter_id,
         assignee_user_id, assignee_department_id, due_at, dispatched_at, source)
       values ($1, $2, $3, '夹具', $4, ST_SetSRID(ST_MakePoint($5, $6), 4326), $7, $8, $9, $10, $11, $12, $13, $14, 'worker') returning id::text`,
      [
        `T-${randomUUID()}`,
        randomUUID(),
        fx.categoryId,
        state,
        fx.point.lng,
        fx.point.lat,
        fx.grids[0],
        fx.grids[1],
        fx.grids[2],
        fx.workerId,
        assigned ? fx.workerId : null,
        assigned ? fx.departmentId : null,
        assigned ? new Date(Date.now() + 86_400_000) : null,
        assigned ? new Date() : null,
      ],
    )
    return rows[0]!.id
  })
}

function inputFor(action: Action): Record<string, unknown> {
  switch (action) {
    case 'register':
      return {}
    case 'reject':
      return { reason: '不属于管辖事项' }
    case 'dispatch':
      return { userId: fx.workerId, departmentId: fx.departmentId }
    case 'accept':
      return {}
    case 'return':
      return { reason: '派错单位' }
    case 'feedback':
      return { note: '已清理' }
    case 'verify':
      return { passed: true }
    case 'extend':
      return { dueAt: new Date(Date.now() + 5 * 86_400_000).toISOString(), reason: '等待配件' }
  }
}

beforeAll(async () => {
  for (const role of ROLES) apps[role] = await signedInApp(DEMO[role])
  const point = await pointInGrid('370705002001001')
  fx = await withClient(async (c) => {
    const one = async (text: string, values: unknown[] = []) => (await c.query(text, values)).rows[0]
    const chain = await one(
      `select g3.id l3, g2.id l2, g2.parent_id l1 from grids g3 join grids g2 on g2.id = g3.parent_id where g3.code = '370705002001001'`,
    )
    return {
      workerId: (await one('select id from users where phone = $1', [DEMO.worker])).id,
      departmentId: (await one(`select id from departments where code = 'enforcement'`)).id,
      categoryId: (await one(`select id from categories where code = 'E0101'`)).id,
      grids: [chain.l1, chain.l2, chain.l3],
      point,
    }
  })
})
afterAll(async () => {
  for (const role of ROLES) await apps[role].close()
})

describe('every step × state × role through the API', () => {
  for (const state of STATES) {
    it(`from ${state}`, async () => {
      const seen: string[] = []
      const want: string[] = []
      for (const action of ACTIONS) {
        for (const role of ROLES) {
          const id = await incidentIn(state)
          const res = await apps[role].inject({
            method: 'POST',
            url: `/api/incidents/${id}/${action}`,
            payload: inputFor(action),
          })
          seen.push(`${action} by ${role}: ${res.statusCode}`)
          want.push(`${action} by ${role}: ${expected(state, action, role)}`)
          if (res.statusCode === 409) expect(res.json()).toMatchObject({ code: 'ILLEGAL_TRANSITION' })
          if (res.statusCode === 200 || res.statusCode === 204) {
            const history = await withClient(
              async (c) =>
                (
                  await c.query('select action, from_status, to_status from incident_history where incident_id = $1', [
                    id,
                  ])
                ).rows,
            )
            expect(history).toEqual([
              {
                action,
                from_status: state,
                to_status: res.statusCode === 200 ? res.json<{ status: string }>().status : 'registered',
              },
            ])
          } else {
            const unchanged = await withClient(
              async (c) =>
                (
                  await c.query(
                    'select status, (select count(*)::int from incident_history where incident_id = $1) h from incidents where id = $1',
                    [id],
                  )
                ).rows[0],
            )
            expect(unchanged).toEqual({ status: state, h: 0 })
          }
        }
      }
      expect(seen).toEqual(want)
    })
  }
})

describe('the closed loop', () => {
  it('report → register → dispatch → accept → feedback with a photo → verify: closed on time, history complete', async () => {
    const form = multipart({
      clientId: randomUUID(),
      categoryCode: 'E0101',
      description: '垃圾堆放',
      lng: String(fx.point.lng),
      lat: String(fx.point.lat),
    })
    const reported = await apps.worker.inject({ method: 'POST', url: '/api/incidents', ...form })
    const id = reported.json<{ id: string }>().id
    const step = (role: Role, action: Action, payload: Record<string, unknown> = inputFor(action)) =>
      apps[role].inject({ method: 'POST', url: `/api/incidents/${id}/${action}`, payload })
    expect((await step('supervisor', 'register')).json()).toMatchObject({ status: 'registered', actions: ['dispatch'] })
    const dispatched = (await step('supervisor', 'dispatch', { userId: fx.workerId })).json<{
      status: string
      dueAt: string
      assignee: { user: { id: number } }
    }>()
    expect(dispatched).toMatchObject({ status: 'dispatched', assignee: { user: { id: fx.workerId } } })
    expect(dispatched.dueAt).toMatch(/\+08:00$/)
    expect((await step('worker', 'accept')).json()).toMatchObject({ status: 'in_progress' })
    const after = await sharp({ create: { width: 200, height: 150, channels: 3, background: '#4a4' } })
      .jpeg()
      .toBuffer()
    const fed = await apps.worker.inject({
      method: 'POST',
      url: `/api/incidents/${id}/feedback`,
      ...multipart({ note: '已清运' }, [{ field: 'photos', name: 'after.jpg', type: 'image/jpeg', bytes: after }]),
    })
    expect(fed.statusCode, fed.body).toBe(200)
    expect(fed.json<{ photos: { kind: string }[] }>().photos.map((p) => p.kind)).toEqual(['after'])
    const closed = (await step('supervisor', 'verify', { passed: true })).json<{
      status: string
      closedOnTime: boolean
      history: { action: string }[]
    }>()
    expect(closed).toMatchObject({ status: 'closed', closedOnTime: true })
    expect(closed.history.map((h) => h.action)).toEqual([
      'report',
      'register',
      'dispatch',
      'accept',
      'feedback',
      'verify',
    ])
  })

  it('a failed verification sends the case back to the same people with rework + 1', async () => {
    const id = await incidentIn('handled')
    const res = await apps.supervisor.inject({
      method: 'POST',
      url: `/api/incidents/${id}/verify`,
      payload: { passed: false, note: '仍有残留' },
    })
    expect(res.json()).toMatchObject({ status: 'dispatched', reworkCount: 1, assignee: { user: { id: fx.workerId } } })
    expect(
      (
        await apps.supervisor.inject({
          method: 'POST',
          url: `/api/incidents/${await incidentIn('handled')}/verify`,
          payload: { passed: false },
        })
      ).statusCode,
    ).toBe(400)
  })

  it('counts the due time on the working calendar, across a holiday the admin adds', async () => {
    const year = new Date().getUTCFullYear()
    const nextDays = [1, 2, 3]
      .map((d) => new Date(Date.now() + 8 * 3600_000 + d * 86_400_000).toISOString().slice(0, 10))
      .filter((d) => d.startsWith(String(year)))
    const body = [
      ...(year === 2026 ? CHINA_2026 : []).map((d) => ({ date: d.date, working: d.working, note: d.note ?? '' })),
      ...nextDays.map((date) => ({ date, working: false, note: '测试假日' })),
    ]
    const deduped = [...new Map(body.map((d) => [d.date, d])).values()]
    const put = await apps.admin.inject({ method: 'PUT', url: `/api/calendar/${year}`, payload: deduped })
    expect(put.statusCode, put.body).toBe(200)
    const id = await incidentIn('registered')
    const res = await apps.supervisor.inject({
      method: 'POST',
      url: `/api/incidents/${id}/dispatch`,
      payload: { departmentId: fx.departmentId },
    })
    const { dispatched_at, due_at } = await withClient(
      async (c) => (await c.query('select dispatched_at, due_at from incidents where id = $1', [id])).rows[0],
    )
    // E0101's limit is 4 working hours; the expectation comes from the same calendar, computed here.
    expect(due_at.getTime()).toBe(
      dueAt(createWorkingCalendar(deduped), dispatched_at, { unit: 'hours', amount: 4 }).getTime(),
    )
    expect(res.statusCode).toBe(200)
    // Restore the plain national calendar for the rest of the run.
    await apps.admin.inject({
      method: 'PUT',
      url: `/api/calendar/${year}`,
      payload: year === 2026 ? CHINA_2026.map((d) => ({ date: d.date, working: d.working, note: d.note ?? '' })) : [],
    })
  })
})
