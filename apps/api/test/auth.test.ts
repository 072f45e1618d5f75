import { afterAll, describe, expect, it } from 'vitest'
import { DEMO_PASSWORD } from '@wangge/seed'
import { buildTestApp, withClient } from './helper.ts'

const appPromise = buildTestApp()
afterAll(async () => (await appPromise).close())

const WORKER = '13800000001'
const SUPERVISOR = '13800000002'
const MANAGER = '13800000005'
const ADMIN = '13800000006'
const HANDLER = '13800000004'

async function login(
  phone: string,
  password = DEMO_PASSWORD,
  headers: Record<string, string> = {},
  remoteAddress?: string,
) {
  const app = await appPromise
  const res = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { phone, password },
    headers,
    ...(remoteAddress ? { remoteAddress } : {}),
  })
  // On a second sign-in the old cookie is cleared and the new one set, in that order, as a browser applies them.
  const setCookie = [res.headers['set-cookie'] ?? []]
    .flat()
    .filter((c) => /^wangge\.sid=[^;]/.test(c))
    .at(-1)
  return { res, setCookie, cookie: setCookie?.split(';')[0] }
}

async function me(cookie: string | undefined) {
  const app = await appPromise
  return app.inject({ url: '/api/auth/me', headers: cookie ? { cookie } : {} })
}

describe('sign-in', () => {
  it('signs a demo worker in with an httpOnly, SameSite=Lax session cookie, and /me knows them', async () => {
    const { res, setCookie, cookie } = await login(SUPERVISOR)
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({
      phone: SUPERVISOR,
      role: 'supervisor',
      department: null,
      grids: [{ code: '370705002001', level: 1 }],
    })
    expect(setCookie).toMatch(/HttpOnly/i)
    expect(setCookie).toMatch(/SameSite=Lax/i)
    const who = await me(cookie)
    expect(who.statusCode).toBe(200)
    expect(who.json()).toMatchObject({ phone: SUPERVISOR })
  })

  it('answers 401 without a session', async () => {
    const res = await me(undefined)
    expect(res.statusCode).toBe(401)
    expect(res.json()).toMatchObject({ code: 'UNAUTHENTICATED' })
  })

  it('stores passwords as argon2id hashes', async () => {
    // The system account (routing's automatic steps) has no password: its hash is a marker no password matches.
    const { rows } = await withClient((c) =>
      c.query<{ password_hash: string }>(`select password_hash from users where password_hash not like '!%'`),
    )
    expect(rows.length).toBeGreaterThan(0)
    for (const r of rows) expect(r.password_hash).toMatch(/^\$argon2id\$v=19\$/)
  })

  it('gives the same answer for an unknown phone and a wrong password', async () => {
    const unknown = await login('13999999999', 'whatever')
    const wrong = await login(HANDLER, 'not-the-password')
    expect(unknown.res.statusCode).toBe(401)
    expect(unknown.res.json()).toEqual(wrong.res.json())
    expect(wrong.cookie).toBeUndefined()
  })

  it('refuses a malformed phone with 400', async () => {
    expect((await login('12345', 'x')).res.statusCode).toBe(400)
  })

  it('issues a new session id at every sign-in, and the old one stops working (no fixation)', async () => {
    const first = await login(MANAGER)
    const second = await login(MANAGER, DEMO_PASSWORD, { cookie: first.cookie! })
    expect(second.cookie).toBeDefined()
    expect(second.cookie).not.toBe(first.cookie)
    expect((await me(first.cookie)).statusCode).toBe(401)
    expect((await me(second.cookie)).statusCode).toBe(200)
  })

  it('revokes the session server-side at logout', async () => {
    const app = await appPromise
    const { cookie } = await login(ADMIN)
    const sessionsBefore = await withClient(
      async (c) => (await c.query('select count(*)::int n from sessions')).rows[0].n as number,
    )
    const out = await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: cookie! } })
    expect(out.statusCode).toBe(204)
    // Replaying the old cookie, as a stolen copy would, no longer works.
    expect((await me(cookie)).statusCode).toBe(401)
    const sessionsAfter = await withClient(
      async (c) => (await c.query('select count(*)::int n from sessions')).rows[0].n as number,
    )
    expect(sessionsAfter).toBe(sessionsBefore - 1)
    const audit = await withClient(
      async (c) =>
        (
          await c.query(
            `select a.action from audit_log a join users u on a.entity_id = u.id::text where a.entity = 'session' and u.phone = $1 order by a.id`,
            [ADMIN],
          )
        ).rows,
    )
    expect(audit.slice(-2)).toEqual([{ action: 'auth.login' }, { action: 'auth.logout' }])
  })

  it('refuses a state-changing request from a foreign Origin, and accepts its own', async () => {
    const foreign = await login(MANAGER, DEMO_PASSWORD, { origin: 'https://evil.example' })
    expect(foreign.res.statusCode).toBe(403)
    expect(foreign.res.json()).toMatchObject({ code: 'FOREIGN_ORIGIN' })
    const own = await login(MANAGER, DEMO_PASSWORD, { origin: 'http://localhost:80', host: 'localhost:80' })
    expect(own.res.statusCode).toBe(200)
  })

  it('answers the 6th wrong password within a minute with 429 and Retry-After', async () => {
    // An address of its own: the counters are shared through the database, and this one stays spent for minutes.
    const address = '10.9.8.7'
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await login(WORKER, `wrong-${i}`, {}, address)).res.statusCode)
    expect(statuses).toEqual([401, 401, 401, 401, 401])
    const sixth = await login(WORKER, 'wrong-6', {}, address)
    expect(sixth.res.statusCode).toBe(429)
    expect(sixth.res.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(Number(sixth.res.headers['retry-after'])).toBeGreaterThan(0)
    // Even the right password waits, from that address (login-throttle.test.ts: not from the owner's own).
    expect((await login(WORKER, DEMO_PASSWORD, {}, address)).res.statusCode).toBe(429)
  })

  it('limits sign-in attempts per address too, with Retry-After', async () => {
    // An address of its own: this test spends the address's whole minute, for every instance.
    const app = await buildTestApp()
    const statuses: number[] = []
    let last
    for (let i = 0; i < 31; i++) {
      last = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { phone: `139000000${String(i).padStart(2, '0')}`, password: 'x' },
        remoteAddress: '10.9.8.6',
      })
      statuses.push(last.statusCode)
    }
    expect(statuses.slice(0, 30).every((s) => s === 401)).toBe(true)
    expect(last!.statusCode).toBe(429)
    expect(last!.json()).toMatchObject({ code: 'RATE_LIMITED' })
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0)
    await app.close()
  })

  it('signs a deactivated user out at their next request and refuses their sign-in', async () => {
    const { cookie } = await login(HANDLER)
    expect((await me(cookie)).statusCode).toBe(200)
    await withClient((c) => c.query('update users set active = false where phone = $1', [HANDLER]))
    // Changed behind the API's back: the app hears of it from the database's notification, a moment after commit.
    await new Promise((resolve) => setTimeout(resolve, 200))
    try {
      expect((await me(cookie)).statusCode).toBe(401)
      expect((await login(HANDLER)).res.statusCode).toBe(401)
    } finally {
      await withClient((c) => c.query('update users set active = true where phone = $1', [HANDLER]))
    }
  })
})
