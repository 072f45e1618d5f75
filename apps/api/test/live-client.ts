import { randomUUID } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import { io, type Socket } from 'socket.io-client'
import { createClient } from 'redis'
import { buildTestApp, multipart, signIn } from './helper.ts'

/** A test app listening on a free loopback port, for real socket.io clients. */
export async function listeningApp(
  options: { redisUrl?: string } = {},
): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildTestApp(options)
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}

export interface Received {
  name: string
  payload: {
    seq: number | null
    type: string
    grids: number[]
    data: { id?: string; userId?: number; position?: unknown }
  } & { seq: number }
}

/** A socket.io client as a browser would open it (session cookie, optional `lastSeq`) that records all it receives. */
export interface LiveClient {
  socket: Socket
  received: Received[]
  /** Resolves with the first received message that matches, waiting for it if need be. */
  next(match: (r: Received) => boolean, timeoutMs?: number): Promise<Received>
  close(): void
}

export function liveClient(
  url: string,
  options: { cookie?: string; lastSeq?: number; headers?: Record<string, string> } = {},
): LiveClient {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: options.lastSeq === undefined ? {} : { lastSeq: options.lastSeq },
    extraHeaders: { ...(options.cookie ? { cookie: options.cookie } : {}), ...(options.headers ?? {}) },
  })
  const received: Received[] = []
  const waiters: { match: (r: Received) => boolean; resolve: (r: Received) => void }[] = []
  socket.onAny((name: string, payload: Received['payload']) => {
    const r = { name, payload }
    received.push(r)
    for (const w of [...waiters])
      if (w.match(r)) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(r)
      }
  })
  return {
    socket,
    received,
    next(match, timeoutMs = 5000) {
      const seen = received.find(match)
      if (seen) return Promise.resolve(seen)
      return new Promise((resolve, reject) => {
        const timer = setTimeout(
          () =>
            reject(
              new Error(`no matching message within ${timeoutMs} ms; got ${received.map((r) => r.name).join(', ')}`),
            ),
          timeoutMs,
        )
        waiters.push({
          match,
          resolve: (r) => {
            clearTimeout(timer)
            resolve(r)
          },
        })
      })
    },
    close: () => socket.close(),
  }
}

/** Connects and waits for the replay's outcome (`caughtUp` or `resync`), or rejects with the handshake's error. */
export async function connected(client: LiveClient): Promise<Received> {
  return new Promise((resolve, reject) => {
    client.socket.once('connect_error', reject)
    client.next((r) => r.name === 'caughtUp' || r.name === 'resync').then(resolve, reject)
  })
}

/** Why a handshake was refused: the server's error message, or 'connected' when it was not. */
export function handshakeOutcome(client: LiveClient): Promise<string> {
  return new Promise((resolve) => {
    client.socket.once('connect', () => resolve('connected'))
    client.socket.once('connect_error', (err: Error) => resolve(err.message))
  })
}

export async function signedInCookie(app: FastifyInstance, phone: string): Promise<string> {
  return signIn(app, phone)
}

/** Files a report through the API as `cookie`'s user and returns the incident id. */
export async function report(
  app: FastifyInstance,
  cookie: string,
  at: { lng: number; lat: number },
  description = '实时测试',
): Promise<string> {
  const form = multipart({
    clientId: randomUUID(),
    categoryCode: 'E0101',
    description,
    lng: String(at.lng),
    lat: String(at.lat),
  })
  const res = await app.inject({
    method: 'POST',
    url: '/api/incidents',
    payload: form.payload,
    headers: { ...form.headers, cookie },
  })
  if (res.statusCode !== 201) throw new Error(`report failed: ${res.statusCode} ${res.body}`)
  return res.json<{ id: string }>().id
}

export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** Whether a Redis answers at REDIS_URL (the two-instance test needs one; a machine with only Node.js has none). */
export async function redisAvailable(): Promise<boolean> {
  const client = createClient({ url: REDIS_URL, socket: { connectTimeout: 1000, reconnectStrategy: false } })
  client.on('error', () => undefined)
  try {
    await client.connect()
    await client.ping()
    await client.quit()
    return true
  } catch {
    return false
  }
}

/** The live clients a test file opens, each connected and caught up, all closed together when the file is done. */
export function openedClients() {
  const open: LiveClient[] = []
  return {
    async connect(url: string, cookie: string): Promise<LiveClient> {
      const client = liveClient(url, { cookie })
      open.push(client)
      await connected(client)
      return client
    },
    closeAll(): void {
      for (const c of open) c.close()
    },
  }
}
