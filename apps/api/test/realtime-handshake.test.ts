import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import { DEMO, withClient } from './helper.ts'
import {
  connected,
  handshakeOutcome,
  listeningApp,
  liveClient,
  signedInCookie,
  type LiveClient,
} from './live-client.ts'

let app: FastifyInstance
let url: string
const clients: LiveClient[] = []

beforeAll(async () => {
  ;({ app, url } = await listeningApp())
})
afterAll(async () => {
  for (const c of clients) c.close()
  await app.close()
})

function open(options: Parameters<typeof liveClient>[1]): LiveClient {
  const client = liveClient(url, options)
  clients.push(client)
  return client
}

describe('the socket.io handshake', () => {
  it('is refused without a session cookie', async () => {
    expect(await handshakeOutcome(open({}))).toBe('UNAUTHENTICATED')
  })

  it('is refused with a forged or tampered cookie', async () => {
    const cookie = await signedInCookie(app, DEMO.supervisor)
    expect(await handshakeOutcome(open({ cookie: 'wangge.sid=made-up.signature' }))).toBe('UNAUTHENTICATED')
    expect(await handshakeOutcome(open({ cookie: cookie.replace(/.$/, (ch) => (ch === 'A' ? 'B' : 'A')) }))).toBe(
      'UNAUTHENTICATED',
    )
  })

  it('is refused once the session has expired, and after sign-out', async () => {
    const expired = await signedInCookie(app, DEMO.supervisor)
    const sid = decodeURIComponent(expired.split('=')[1]!).split('.')[0]!
    await withClient((c) =>
      c.query(`update sessions set expires_at = now() - interval '1 second' where sid = $1`, [sid]),
    )
    expect(await handshakeOutcome(open({ cookie: expired }))).toBe('UNAUTHENTICATED')

    const signedOut = await signedInCookie(app, DEMO.supervisor)
    expect(
      (await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie: signedOut } })).statusCode,
    ).toBe(204)
    expect(await handshakeOutcome(open({ cookie: signedOut }))).toBe('UNAUTHENTICATED')
  })

  it('is refused from another origin, even with a valid cookie', async () => {
    const cookie = await signedInCookie(app, DEMO.supervisor)
    expect(await handshakeOutcome(open({ cookie, headers: { origin: 'https://evil.example' } }))).not.toBe('connected')
  })

  it('ends an open socket when its session signs out, and a user’s sockets when an admin changes them', async () => {
    // The street-wide supervisor: the per-phone sign-in limit (5 a minute) is spent on the supervisor above.
    const cookie = await signedInCookie(app, DEMO.streetSupervisor)
    const other = await signedInCookie(app, DEMO.streetSupervisor)
    const [signingOut, staying] = [open({ cookie }), open({ cookie: other })]
    await Promise.all([connected(signingOut), connected(staying)])
    const closed = new Promise<string>((resolve) => signingOut.socket.once('disconnect', resolve))
    expect((await app.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } })).statusCode).toBe(204)
    expect(await closed).toBe('io server disconnect')
    expect(staying.socket.connected).toBe(true)

    // Changing the user (here: their name only) closes their other sockets too; they may reconnect into their new scope.
    const admin = await signedInCookie(app, DEMO.admin)
    const id = await withClient(
      async (c) =>
        (await c.query<{ id: number }>('select id from users where phone = $1', [DEMO.streetSupervisor])).rows[0]!.id,
    )
    const name = await withClient(
      async (c) => (await c.query<{ name: string }>('select name from users where id = $1', [id])).rows[0]!.name,
    )
    const changed = new Promise<string>((resolve) => staying.socket.once('disconnect', resolve))
    expect(
      (await app.inject({ method: 'PATCH', url: `/api/users/${id}`, payload: { name }, headers: { cookie: admin } }))
        .statusCode,
    ).toBe(200)
    expect(await changed).toBe('io server disconnect')
    expect((await connected(open({ cookie: other }))).name).toBe('caughtUp')
  })

  it('is accepted with a live session, from the app’s own origin, and says where the log stands', async () => {
    const cookie = await signedInCookie(app, DEMO.manager)
    const client = open({ cookie, headers: { origin: url } })
    const outcome = await connected(client)
    expect(outcome.name).toBe('caughtUp')
    const latest = await withClient(async (c) =>
      Number((await c.query<{ s: string }>('select coalesce(max(seq), 0)::text s from events')).rows[0]!.s),
    )
    expect(outcome.payload.seq).toBe(latest)
  })
})
