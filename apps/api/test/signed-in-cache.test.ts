import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { buildTestApp, DEMO, signIn, withClient } from './helper.ts'

// Two API instances on one database, as behind a load balancer: each keeps sessions and users in memory, and a
// change made through one (or straight in the database) must take effect on the other at its next request.
describe.skipIf(inject('embeddedDatabase'))('signed-in sessions and users kept in memory', () => {
  let a: FastifyInstance
  let b: FastifyInstance

  beforeAll(async () => {
    a = await buildTestApp()
    b = await buildTestApp()
  })
  afterAll(async () => {
    await withClient((c) => c.query(`update users set active = true, name = '王网格' where phone = $1`, [DEMO.worker]))
    await a.close()
    await b.close()
  })

  const me = (app: FastifyInstance, cookie: string) => app.inject({ url: '/api/auth/me', headers: { cookie } })
  const settle = () => new Promise((resolve) => setTimeout(resolve, 200))

  it("hears the database's change notifications on a real PostgreSQL", () => {
    expect(a.databaseNotifications.listening).toBe(true)
    expect(b.databaseNotifications.listening).toBe(true)
  })

  it('ends a session on every instance when it is signed out on one', async () => {
    const cookie = await signIn(a, DEMO.worker)
    expect((await me(b, cookie)).statusCode).toBe(200)
    expect((await me(b, cookie)).statusCode).toBe(200) // now from memory
    expect((await a.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204)
    await settle()
    expect((await me(b, cookie)).statusCode).toBe(401)
  })

  it('sees a user changed or deactivated straight in the database at the next request', async () => {
    const cookie = await signIn(a, DEMO.worker)
    const original = (await me(b, cookie)).json<{ name: string }>().name
    await withClient((c) => c.query(`update users set name = '改名测试' where phone = $1`, [DEMO.worker]))
    await settle()
    expect((await me(b, cookie)).json<{ name: string }>().name).toBe('改名测试')
    await withClient((c) =>
      c.query(`update users set active = false, name = $2 where phone = $1`, [DEMO.worker, original]),
    )
    await settle()
    expect((await me(b, cookie)).statusCode).toBe(401)
    expect((await me(a, cookie)).statusCode).toBe(401)
    await withClient((c) => c.query(`update users set active = true where phone = $1`, [DEMO.worker]))
  })

  it('forgets at once on the instance that made the change', async () => {
    const admin = await signIn(a, DEMO.admin)
    const cookie = await signIn(a, DEMO.worker)
    const { id } = (await me(a, cookie)).json<{ id: number }>()
    const patch = (active: boolean) =>
      a.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: { cookie: admin }, payload: { active } })
    expect((await patch(false)).statusCode).toBe(200)
    expect((await me(a, cookie)).statusCode).toBe(401)
    expect((await patch(true)).statusCode).toBe(200)
  })
})
