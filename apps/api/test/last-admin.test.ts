import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestApp, DEMO, signIn, withClient } from './helper.ts'

const X = '13611100011'
const Y = '13611100012'
const PASSWORD = 'lantern-harbour-7'

let app: FastifyInstance
const ids: Record<string, number> = {}
const cookies: Record<string, string> = {}
/** Admins other than X and Y, deactivated for this file so that X and Y are the street's only admins. */
let setAside: number[] = []

const patch = (as: string, target: string, payload: Record<string, unknown>) =>
  app.inject({ method: 'PATCH', url: `/api/users/${ids[target]}`, headers: { cookie: cookies[as]! }, payload })
const activeAdmins = () =>
  withClient(async (c) =>
    (
      await c.query<{ phone: string }>(`select phone from users where role = 'admin' and active order by phone`)
    ).rows.map((r) => r.phone),
  )

beforeAll(async () => {
  app = await buildTestApp()
  const demo = await signIn(app, DEMO.admin)
  for (const phone of [X, Y]) {
    const res = await app.inject({
      method: 'POST',
      url: '/api/users',
      headers: { cookie: demo },
      payload: {
        name: `管理员${phone.slice(-2)}`,
        phone,
        password: PASSWORD,
        role: 'admin',
        gridIds: [],
        departmentId: null,
      },
    })
    expect(res.statusCode, res.body).toBe(201)
    ids[phone] = res.json<{ id: number }>().id
    cookies[phone] = await signIn(app, phone, PASSWORD)
  }
  setAside = await withClient(async (c) =>
    (
      await c.query<{ id: number }>(
        `update users set active = false where role = 'admin' and active and phone <> all($1) returning id`,
        [[X, Y]],
      )
    ).rows.map((r) => r.id),
  )
})

afterAll(async () => {
  await withClient((c) => c.query('update users set active = true where id = any($1)', [setAside]))
  await withClient((c) => c.query('update users set active = false where phone = any($1)', [[X, Y]]))
  await app.close()
})

describe('the last active admin', () => {
  it('cannot deactivate or demote itself, nor be deactivated or demoted by another admin: 409 LAST_ADMIN', async () => {
    expect((await patch(X, Y, { active: false })).statusCode).toBe(200)
    expect(await activeAdmins()).toEqual([X])
    for (const change of [{ active: false }, { role: 'manager' }, { role: 'manager', active: false }]) {
      const res = await patch(X, X, change)
      expect(res.statusCode, `${JSON.stringify(change)}: ${res.body}`).toBe(409)
      expect(res.json()).toMatchObject({
        code: 'LAST_ADMIN',
        message: expect.stringMatching(/^[^/]*管理员[^/]* \/ .*admin/),
      })
    }
    expect(await activeAdmins()).toEqual([X])
    // A rename of the last admin is no demotion.
    expect((await patch(X, X, { name: '唯一管理员' })).statusCode).toBe(200)
    expect((await patch(X, Y, { active: true })).statusCode).toBe(200)
    expect(await activeAdmins()).toEqual([X, Y])
    // Deactivation ended Y's sessions.
    cookies[Y] = await signIn(app, Y, PASSWORD)
  })

  it('survives two admins deactivating each other at once: one of them stays', async () => {
    // Three rounds: each signs one admin in again, and sign-in allows five attempts per phone a minute (Y: at most 5).
    for (let round = 0; round < 3; round++) {
      const [byX, byY] = await Promise.all([patch(X, Y, { active: false }), patch(Y, X, { active: false })])
      const codes = [byX.statusCode, byY.statusCode].sort()
      expect(codes, `${byX.body} | ${byY.body}`).toEqual([200, 409])
      const left = await activeAdmins()
      expect(left).toHaveLength(1)
      // The survivor brings the other back, and signs them in again for the next round.
      const other = left[0] === X ? Y : X
      expect((await patch(left[0]!, other, { active: true })).statusCode).toBe(200)
      cookies[other] = await signIn(app, other, PASSWORD)
    }
  })

  it('does not stop an admin from being demoted while another stays', async () => {
    expect((await patch(X, Y, { role: 'manager' })).statusCode).toBe(200)
    expect((await patch(X, Y, { role: 'admin' })).statusCode).toBe(200)
    expect(await activeAdmins()).toEqual([X, Y])
  })
})
