import { afterAll, describe, expect, it } from 'vitest'
import { buildTestApp, DEMO, signedInApp, signIn, withClient } from './helper.ts'

const admin = await signedInApp(DEMO.admin)
const manager = await signedInApp(DEMO.manager)
const supervisor = await signedInApp(DEMO.supervisor)
afterAll(async () => {
  for (const app of [admin, manager, supervisor]) await app.close()
})

interface UserBody {
  id: number
  phone: string
  role: string
  active: boolean
  grids: { id: number; code: string }[]
  department: { code: string } | null
}

const gridId = (code: string) =>
  withClient(async (c) => (await c.query<{ id: number }>('select id from grids where code = $1', [code])).rows[0]!.id)
const auditRows = (entityId: number) =>
  withClient(
    async (c) =>
      (
        await c.query<{ action: string; actor_id: number | null }>(
          `select action, actor_id from audit_log where entity = 'user' and entity_id = $1 order by id`,
          [String(entityId)],
        )
      ).rows,
  )

let phoneSeq = 0
const freshPhone = () => `13700000${String(++phoneSeq).padStart(3, '0')}`

async function createWorker(cellCode = '370705002001002') {
  const res = await admin.inject({
    method: 'POST',
    url: '/api/users',
    payload: {
      name: '测试网格员',
      phone: freshPhone(),
      password: 'initial-pass',
      role: 'worker',
      gridIds: [await gridId(cellCode)],
      departmentId: null,
    },
  })
  expect(res.statusCode, res.body).toBe(201)
  return res.json<UserBody>()
}

describe('GET /api/users', () => {
  it('shows whole phones to admins and masked ones to everyone else', async () => {
    const byAdmin = (await admin.inject('/api/users?limit=200')).json<{ items: UserBody[] }>().items
    const byManager = (await manager.inject('/api/users?limit=200')).json<{ items: UserBody[] }>().items
    expect(byAdmin.find((u) => u.phone === DEMO.worker)).toBeDefined()
    expect(byManager.every((u) => /^1\d{2}\*{4}\d{4}$/.test(u.phone))).toBe(true)
    expect(byManager.map((u) => u.id)).toEqual(byAdmin.map((u) => u.id))
  })

  it('pages with a cursor and never returns more than the limit', async () => {
    const first = (await admin.inject('/api/users?limit=2')).json<{ items: UserBody[]; nextCursor: string }>()
    expect(first.items).toHaveLength(2)
    const second = (await admin.inject(`/api/users?limit=2&cursor=${first.nextCursor}`)).json<{ items: UserBody[] }>()
    expect(second.items[0]!.id).toBeGreaterThan(first.items[1]!.id)
    expect((await admin.inject('/api/users?limit=1000')).statusCode).toBe(400)
  })

  it('filters by role and by grid subtree', async () => {
    const workers = (await admin.inject('/api/users?role=worker&limit=200')).json<{ items: UserBody[] }>().items
    expect(workers.length).toBeGreaterThan(0)
    expect(workers.every((u) => u.role === 'worker')).toBe(true)
    const inCommunity1 = (await admin.inject(`/api/users?grid=${await gridId('370705002001')}&limit=200`)).json<{
      items: UserBody[]
    }>().items
    expect(inCommunity1.map((u) => u.phone)).toEqual(expect.arrayContaining([DEMO.worker, DEMO.supervisor]))
    const inCommunity9 = (await admin.inject(`/api/users?grid=${await gridId('370705002009')}&limit=200`)).json<{
      items: UserBody[]
    }>().items
    expect(inCommunity9.map((u) => u.phone)).not.toContain(DEMO.worker)
  })

  it('limits a supervisor to people in their subtrees, and answers 404 outside it', async () => {
    const seen = (await supervisor.inject('/api/users?limit=200')).json<{ items: UserBody[] }>().items
    expect(seen.length).toBeGreaterThan(0)
    const community1 = await gridId('370705002001')
    for (const u of seen) {
      const inside = await withClient(
        async (c) =>
          (
            await c.query(
              `select 1 from user_grids ug join grids g on g.id = ug.grid_id left join grids p on p.id = g.parent_id
                        where ug.user_id = $1 and $2 in (g.id, g.parent_id, p.parent_id)`,
              [u.id, community1],
            )
          ).rowCount,
      )
      expect(inside, `user ${u.id}`).toBeGreaterThan(0)
    }
    const manager = (await admin.inject('/api/users?role=manager')).json<{ items: UserBody[] }>().items[0]!
    expect((await supervisor.inject(`/api/users/${manager.id}`)).statusCode).toBe(404)
  })
})

describe('changing accounts', () => {
  it('creates a user with an audit row in the same transaction, and refuses a taken phone with 409', async () => {
    const user = await createWorker()
    expect(await auditRows(user.id)).toEqual([{ action: 'user.create', actor_id: expect.any(Number) }])
    const again = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: 'x',
        phone: user.phone,
        password: 'initial-pass',
        role: 'worker',
        gridIds: [user.grids[0]!.id],
        departmentId: null,
      },
    })
    expect(again.statusCode).toBe(409)
    expect(again.json()).toMatchObject({ code: 'PHONE_TAKEN' })
  })

  it.each([
    ['a worker on a community', { role: 'worker', gridCode: '370705002001', departmentId: null }],
    ['a handler without department', { role: 'handler', gridCode: null, departmentId: null }],
    ['a manager with grids', { role: 'manager', gridCode: '370705002001', departmentId: null }],
    ['an unknown department', { role: 'handler', gridCode: null, departmentId: 99999 }],
  ])('refuses %s with 400 and writes nothing', async (_name, c) => {
    const before = await withClient(
      async (cl) =>
        (await cl.query('select (select count(*) from users) u, (select count(*) from audit_log) a')).rows[0],
    )
    const res = await admin.inject({
      method: 'POST',
      url: '/api/users',
      payload: {
        name: 'x',
        phone: freshPhone(),
        password: 'initial-pass',
        role: c.role,
        gridIds: c.gridCode ? [await gridId(c.gridCode)] : [],
        departmentId: c.departmentId,
      },
    })
    expect(res.statusCode).toBe(400)
    expect(res.json<{ details: unknown[] }>().details.length).toBeGreaterThan(0)
    expect(
      await withClient(
        async (cl) =>
          (await cl.query('select (select count(*) from users) u, (select count(*) from audit_log) a')).rows[0],
      ),
    ).toEqual(before)
  })

  it('deactivates instead of deleting, and that signs the user out', async () => {
    const user = await createWorker()
    const app = await buildTestApp()
    const cookie = await signIn(app, user.phone, 'initial-pass')
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(200)
    const res = await admin.inject({ method: 'PATCH', url: `/api/users/${user.id}`, payload: { active: false } })
    expect(res.json()).toMatchObject({ id: user.id, active: false })
    // `app` is another instance: it hears of the change from the database's notification, a moment after commit.
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect((await app.inject({ url: '/api/auth/me', headers: { cookie } })).statusCode).toBe(401)
    expect((await admin.inject({ method: 'DELETE', url: `/api/users/${user.id}` })).statusCode).toBe(404)
    expect(await auditRows(user.id)).toEqual([
      { action: 'user.create', actor_id: expect.any(Number) },
      { action: 'user.update', actor_id: expect.any(Number) },
    ])
    await app.close()
  })

  it('resets a password: the old one stops working, the new one works', async () => {
    const user = await createWorker()
    const res = await admin.inject({
      method: 'POST',
      url: `/api/users/${user.id}/reset-password`,
      payload: { password: 'brand-new-pass' },
    })
    expect(res.statusCode).toBe(204)
    const app = await buildTestApp()
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { phone: user.phone, password: 'initial-pass' },
        })
      ).statusCode,
    ).toBe(401)
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { phone: user.phone, password: 'brand-new-pass' },
        })
      ).statusCode,
    ).toBe(200)
    await app.close()
    const audit = await auditRows(user.id)
    expect(audit.at(-1)).toEqual({ action: 'user.reset_password', actor_id: expect.any(Number) })
    expect(
      JSON.stringify(
        await withClient(
          async (c) =>
            (await c.query('select before, after from audit_log where entity_id = $1', [String(user.id)])).rows,
        ),
      ),
    ).not.toContain('argon2')
  })
})

describe('the audit log', () => {
  it('is readable by admins with filters, newest first', async () => {
    const user = await createWorker()
    const res = await admin.inject(`/api/audit?entity=user&entityId=${user.id}`)
    expect(res.statusCode).toBe(200)
    const items = res.json<{
      items: { action: string; actor: { name: string }; address: string; after: { phone: string } }[]
    }>().items
    expect(items).toHaveLength(1)
    expect(items[0]).toMatchObject({ action: 'user.create', actor: { name: '陈管理员' }, after: { phone: user.phone } })
    expect(items[0]!.address).toBeTruthy()
  })

  it('cannot be altered by the role the app connects as', async () => {
    await expect(withClient((c) => c.query(`update audit_log set action = 'forged'`))).rejects.toThrow(/append-only/)
    await expect(withClient((c) => c.query('delete from audit_log'))).rejects.toThrow(/append-only/)
    await expect(withClient((c) => c.query('truncate audit_log'))).rejects.toThrow(/append-only/)
  })

  it('records a grid import', async () => {
    const rows = await withClient(
      async (c) => (await c.query(`select action, address from audit_log where entity = 'grid_tree' order by id`)).rows,
    )
    expect(rows[0]).toEqual({ action: 'grids.import', address: 'seed' })
  })
})
