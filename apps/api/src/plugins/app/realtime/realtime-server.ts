import fp from 'fastify-plugin'
import type { FastifyBaseLogger, FastifyInstance } from 'fastify'
import { Server } from 'socket.io'
import { createAdapter } from '@socket.io/redis-adapter'
import { createClient } from 'redis'
import { closeRedis } from '../../../redis-close.ts'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { EventPublisher, LiveEvent } from './live-event.ts'
import type { NotificationItem } from '@wangge/contract'
import type { LiveServer, LiveSocket } from './live-socket.ts'
import { registerPositionHandlers } from './position-handlers.ts'
import { registerPatrolPointHandlers } from './patrol-point-handlers.ts'
import { roomsOfDepartments, roomsOfGrids, roomsOfScope, sessionRoom, userRoom } from './rooms.ts'
import { handshakeOriginAllowed, sessionOfHandshake } from './socket-authentication.ts'

declare module 'fastify' {
  interface FastifyInstance {
    /** Sends committed events to the live clients in their scope (through Redis to the other instances, if any). */
    realtime: Realtime
  }
}

export interface Realtime extends EventPublisher {
  /** Closes the sockets opened with a session (signed out): on every instance. */
  disconnectSession(sessionId: string): void
  /**
   * Closes a user's sockets (deactivated, password reset, role or grids changed). Their clients reconnect at once
   * and join the rooms of their new scope — or are refused.
   */
  disconnectUser(userId: number): void
  /** Sends a notice to every socket of one user, on every instance. */
  notifyUser(userId: number, notice: NotificationItem): void
  /**
   * Calls `listener` with every event this instance publishes, after the publish: the hook for follow-ups of a
   * committed change (routing's automatic dispatch, notifications), which runs once, on the instance that made it.
   */
  afterPublish(listener: (event: LiveEvent) => void): void
}

export interface RealtimeOptions {
  /** REDIS_URL: when set, broadcasts reach the sockets of every API instance sharing that Redis. */
  redisUrl?: string | undefined
  publicUrl?: string | undefined
}

/**
 * socket.io on the API's own HTTP server. The handshake is the HTTP session (no cookie, or an expired session:
 * refused); each socket joins the rooms of its user's grids; a client that reconnects with `auth: { lastSeq }` is
 * replayed what it missed in its scope, in order, then told `caughtUp` — or told `resync` past REPLAY_BOUND.
 * Sockets join their rooms before the replay is read, so nothing committed in between is lost; an event can then
 * arrive twice, and clients drop a `seq` they have already applied.
 */
export default fp<RealtimeOptions>(
  async (fastify, { redisUrl, publicUrl }) => {
    const publicOrigin = publicUrl ? new URL(publicUrl).origin : undefined
    const io: LiveServer = new Server(fastify.server, {
      serveClient: false,
      allowRequest: (request, callback) => callback(null, handshakeOriginAllowed(request, publicOrigin)),
    })
    const redis = redisUrl ? await connectRedisAdapter(io, redisUrl, fastify.log) : undefined

    io.use((socket, next) => {
      sessionOfHandshake(fastify, socket.request).then(
        (session) => {
          if (!session)
            return next(
              Object.assign(new Error('UNAUTHENTICATED'), {
                data: { code: 'UNAUTHENTICATED', message: '请先登录 / sign in first' },
              }),
            )
          socket.data.user = session.user
          socket.data.sessionId = session.sessionId
          if (session.expiresAt) closeAtSessionEnd(socket, session.expiresAt)
          next()
        },
        (err: unknown) => {
          if (isDatabaseUnavailable(err)) {
            fastify.log.warn({ err }, 'socket handshake: the database is unavailable; the client will retry')
            // A refusal (next(err)) is final for socket.io-client; a closed transport looks like a network blip, which
            // it retries by itself with backoff, coming back with its lastSeq once the database is.
            socket.conn.close()
            return
          }
          fastify.log.error({ err }, 'socket handshake failed')
          next(new Error('INTERNAL'))
        },
      )
    })

    io.on('connection', (socket) => {
      registerPositionHandlers(fastify, socket)
      registerPatrolPointHandlers(fastify, socket)
      catchUp(fastify, socket).catch((err: unknown) => {
        if (isDatabaseUnavailable(err)) {
          // As in the handshake: the client reconnects by itself and asks again from its lastSeq.
          fastify.log.warn({ err }, 'live replay: the database is unavailable; the client will retry')
          socket.conn.close()
          return
        }
        fastify.log.error({ err }, 'live replay failed')
        socket.disconnect(true)
      })
    })

    const publishListeners: ((event: LiveEvent) => void)[] = []
    const realtime: Realtime = {
      publish(event: LiveEvent, options = {}) {
        const target = io.to([
          ...roomsOfGrids(event.grids),
          ...roomsOfDepartments(departmentsOf(event, options.leftDepartment)),
          ...peopleOf(event).map(userRoom),
        ])
        const except = options.exceptGrids ? roomsOfGrids(options.exceptGrids) : []
        ;(except.length ? target.except(except) : target).emit(event.type, event)
        for (const listener of publishListeners) listener(event)
      },
      notifyUser(userId, notice) {
        io.to(userRoom(userId)).emit('notification', notice)
      },
      afterPublish(listener) {
        publishListeners.push(listener)
      },
      disconnectSession(sessionId) {
        io.in(sessionRoom(sessionId)).disconnectSockets(true)
      },
      disconnectUser(userId) {
        io.in(userRoom(userId)).disconnectSockets(true)
      },
    }
    fastify.decorate('realtime', realtime)

    // The log is a replay buffer, not history (that is incident_history): keep it small.
    const prune = setInterval(
      () => {
        fastify.eventsRepository.prune().catch((err: unknown) => fastify.log.warn({ err }, 'event log prune failed'))
      },
      60 * 60 * 1000,
    )
    prune.unref()

    // Sockets first, so the HTTP server's close does not wait on them; then the Redis connections.
    fastify.addHook('preClose', async () => {
      io.local.disconnectSockets(true)
      io.engine.close()
    })
    fastify.addHook('onClose', async () => {
      clearInterval(prune)
      if (redis) await Promise.allSettled([closeRedis(redis.pub), closeRedis(redis.sub)])
    })
  },
  {
    name: 'realtime',
    dependencies: [
      'database',
      'sessions',
      'users-repository',
      'grids-repository',
      'worker-positions-repository',
      'events-repository',
    ],
  },
)

async function connectRedisAdapter(io: LiveServer, url: string, log: FastifyBaseLogger) {
  const pub = createClient({ url })
  const sub = pub.duplicate()
  // node-redis reconnects by itself; an 'error' nobody hears (Redis restarting) would end the process instead.
  // Broadcasts sent meanwhile reach this instance's sockets only; other instances' clients catch up on reconnect.
  for (const client of [pub, sub])
    client.on('error', (err: unknown) => log.warn({ err }, 'redis adapter: connection error; reconnecting'))
  await Promise.all([pub.connect(), sub.connect()])
  io.adapter(createAdapter(pub, sub))
  return { pub, sub }
}

function closeAtSessionEnd(socket: LiveSocket, expiresAt: Date): void {
  // setTimeout holds at most ~24.8 days; sessions last 12 hours.
  const timer = setTimeout(() => socket.disconnect(true), Math.max(0, expiresAt.getTime() - Date.now()))
  timer.unref()
  socket.on('disconnect', () => clearTimeout(timer))
}

/** Joins the scope's rooms, then replays what the client missed (or tells it to reload), then says it is live. */
async function catchUp(fastify: FastifyInstance, socket: LiveSocket): Promise<void> {
  const scope = scopeOf(socket.data.user)
  const departmentId = socket.data.user.role === 'handler' ? (socket.data.user.department?.id ?? null) : null
  await socket.join([
    ...roomsOfScope(scope),
    ...roomsOfDepartments([departmentId]),
    sessionRoom(socket.data.sessionId),
    userRoom(socket.data.user.id),
  ])
  const lastSeq = parseLastSeq((socket.handshake.auth as { lastSeq?: unknown }).lastSeq)
  if (lastSeq === undefined) {
    socket.emit('caughtUp', { seq: await fastify.eventsRepository.latestSeq() })
    return
  }
  const replay = await fastify.eventsRepository.since(scope, lastSeq, { departmentId })
  if (replay.kind === 'resync') {
    socket.emit('resync', { seq: replay.latestSeq })
    return
  }
  for (const event of replay.events) socket.emit(event.type, event)
  socket.emit('caughtUp', { seq: replay.latestSeq })
}

/** The departments an incident event concerns: the one it is dispatched to now, and the one it left (a return). */
/**
 * The case's reporter and assignee hear it wherever it lies: a worker may report or be sent to a case outside their
 * own grids (a neighbouring grid, a supervisor's report elsewhere), and their 我的上报 and task list must still change live.
 */
function peopleOf(event: LiveEvent): number[] {
  if (event.type !== 'incident.created' && event.type !== 'incident.updated') return []
  const data = event.data as { reporterId?: number; assigneeUserId?: number | null }
  return [...new Set([data.reporterId, data.assigneeUserId].filter((id): id is number => typeof id === 'number'))]
}

function departmentsOf(event: LiveEvent, leftDepartment: number | null | undefined): (number | null | undefined)[] {
  if (event.type !== 'incident.created' && event.type !== 'incident.updated') return []
  return [(event.data as { assigneeDepartmentId?: number | null }).assigneeDepartmentId, leftDepartment]
}

function parseLastSeq(value: unknown): number | undefined {
  const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined
}
