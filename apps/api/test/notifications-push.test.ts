import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEMO, pointInGrid, signedInApp, withClient, type SignedInApp } from './helper.ts'
import { decryptPush, startPushService, subscriptionKeys } from './local-push-service.ts'

// The routing engineer's port range (3600-3699).
const PUSH_PORT = 3611
const UNIT = '370705002001001'

let worker: SignedInApp
let supervisor: SignedInApp
let push: Awaited<ReturnType<typeof startPushService>>
let workerId: number

async function dispatchedCase(): Promise<string> {
  const point = await pointInGrid(UNIT)
  return withClient(async (c) => {
    const { rows } = await c.query<{ id: string }>(
      `insert into incidents (case_number, client_id, category_id, description, status, location, grid_l1_id, grid_l2_id, grid_l3_id,
         reporter_id, source, assignee_user_id, dispatched_at, due_at)
       select $1, $2, (select id from categories where code = 'E0101'), '推送测试', 'dispatched', ST_SetSRID(ST_MakePoint($3, $4), 4326),
         g1.id, g2.id, g3.id, $5, 'worker', $5, now(), now() + interval '2 days'
       from grids g3 join grids g2 on g2.id = g3.parent_id join grids g1 on g1.id = g2.parent_id where g3.code = $6
       returning id::text`,
      [`P-${randomUUID()}`, randomUUID(), point.lng, point.lat, workerId, UNIT],
    )
    return rows[0]!.id
  })
}

const urge = async (id: string, note = '请尽快处置') => {
  const res = await supervisor.inject({ method: 'POST', url: `/api/incidents/${id}/urge`, payload: { note } })
  expect(res.statusCode, res.body).toBe(204)
}

const outbox = (incidentId: string) =>
  withClient(
    async (c) =>
      (
        await c.query<{ id: string; push_attempts: number; push_next_at: Date | null; pushed_at: Date | null }>(
          `select id::text, push_attempts, push_next_at, pushed_at from notifications where incident_id = $1 order by id`,
          [incidentId],
        )
      ).rows,
  )

beforeAll(async () => {
  push = await startPushService(PUSH_PORT)
  worker = await signedInApp(DEMO.worker)
  supervisor = await signedInApp(DEMO.supervisor)
  workerId = (await worker.inject('/api/auth/me')).json<{ id: number }>().id
  // Pushes other files left owed (to subscriptions the route fuzz saved) would fill this file's push passes.
  await withClient(async (c) => {
    await c.query('update notifications set push_next_at = null where push_next_at is not null')
    await c.query('delete from push_subscriptions')
  })
})

afterAll(async () => {
  await withClient((c) => c.query(`delete from push_subscriptions where endpoint like $1`, [`${push.origin}%`]))
  await Promise.all([worker.close(), supervisor.close(), push.close()])
})

describe('notifications and Web Push', () => {
  const keys = subscriptionKeys()

  it('retries a push the push service failed, with back-off, until it is delivered — VAPID-signed and encrypted', async () => {
    const subscribed = await worker.inject({
      method: 'POST',
      url: '/api/notifications/push-subscriptions',
      payload: { endpoint: push.endpoint('worker-phone'), keys: { p256dh: keys.p256dh, auth: keys.auth } },
    })
    expect(subscribed.statusCode, subscribed.body).toBe(204)
    const id = await dispatchedCase()
    await urge(id)
    const [notice] = await outbox(id)
    expect(notice!.push_next_at).not.toBeNull()

    push.respondWith(500)
    const now = new Date()
    expect(await worker.app.notifications.sendOwed(now)).toMatchObject({ failed: 1 })
    const [failed] = await outbox(id)
    expect(failed!.push_attempts).toBe(1)
    expect(failed!.pushed_at).toBeNull()
    // Owed again after the first back-off (5 s), not before.
    expect(new Date(failed!.push_next_at!).getTime()).toBe(now.getTime() + 5_000)
    expect(await worker.app.notifications.sendOwed(new Date(now.getTime() + 4_000))).toEqual({
      delivered: 0,
      failed: 0,
    })

    expect(await worker.app.notifications.sendOwed(new Date(now.getTime() + 5_000))).toMatchObject({ delivered: 1 })
    const [delivered] = await outbox(id)
    expect(delivered!.pushed_at).not.toBeNull()
    expect(delivered!.push_next_at).toBeNull()

    const requests = push.received.filter((r) => r.path === '/push/worker-phone')
    expect(requests).toHaveLength(2)
    for (const request of requests) {
      expect(request.vapid).not.toBeInstanceOf(Error)
      expect(request.vapid).toMatchObject({ publicKey: worker.app.notifications.vapidPublicKey })
      expect(request.headers['content-encoding']).toBe('aes128gcm')
      const payload = JSON.parse(decryptPush(request.body, keys)) as {
        id: string
        kind: string
        title: string
        body: string
      }
      expect(payload).toMatchObject({ id: notice!.id, kind: 'case.urged', title: '催办' })
      expect(payload.body).toContain('请尽快处置')
    }
  })

  it('drops a subscription the push service says is gone (410)', async () => {
    const id = await dispatchedCase()
    await urge(id)
    push.respondWith(410)
    await worker.app.notifications.sendOwed(new Date())
    const left = await withClient(
      async (c) =>
        (await c.query(`select 1 from push_subscriptions where endpoint = $1`, [push.endpoint('worker-phone')])).rows,
    )
    expect(left).toEqual([])
    expect((await outbox(id))[0]!.push_next_at).toBeNull()
  })

  it('writes no notice of a kind the user muted, and the bell counts and marks the rest', async () => {
    const muted = await worker.inject({
      method: 'PUT',
      url: '/api/notifications/settings',
      payload: { muted: ['case.urged'] },
    })
    expect(muted.json()).toEqual({ muted: ['case.urged'] })
    const quiet = await dispatchedCase()
    await urge(quiet)
    expect(await outbox(quiet)).toEqual([])

    await worker.inject({ method: 'PUT', url: '/api/notifications/settings', payload: { muted: [] } })
    const loud = await dispatchedCase()
    await urge(loud, '第二次催办')
    const page = (await worker.inject('/api/notifications')).json<{
      unread: number
      items: { id: string; kind: string; read: boolean; payload: { incidentId: string } }[]
    }>()
    expect(page.items[0]).toMatchObject({ kind: 'case.urged', read: false, payload: { incidentId: loud } })
    const read = await worker.inject({
      method: 'POST',
      url: '/api/notifications/read',
      payload: { ids: [page.items[0]!.id] },
    })
    expect(read.json()).toEqual({ marked: 1 })
    const after = (await worker.inject('/api/notifications')).json<{ unread: number }>()
    expect(after.unread).toBe(page.unread - 1)
    // Another user's notice cannot be marked by this one.
    expect(
      (
        await supervisor.inject({
          method: 'POST',
          url: '/api/notifications/read',
          payload: { ids: [page.items[1]?.id ?? '1'] },
        })
      ).json(),
    ).toEqual({ marked: 0 })
  })

  it('refuses a push endpoint that is neither https nor the loopback', async () => {
    const res = await worker.inject({
      method: 'POST',
      url: '/api/notifications/push-subscriptions',
      payload: { endpoint: 'http://10.0.0.1/push', keys: { p256dh: keys.p256dh, auth: keys.auth } },
    })
    expect(res.statusCode).toBe(400)
  })
})
