import fp from 'fastify-plugin'
import type { FastifyInstance } from 'fastify'
import { filterTrack } from '@wangge/grid'
import type { PatrolDetail, PatrolPointInput, PatrolPointsReply, PatrolSettings, PatrolSummary } from '@wangge/contract'
import { AppError, ForbiddenError, NotFoundError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { scopeOf } from '../accounts/grid-scope.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { PatrolsRepository } from './patrols-repository.ts'
import { publishWorkerPosition } from '../workers/worker-positions-service.ts'
import type { RecordedPosition } from '../workers/worker-positions-repository.ts'
import { createTrackEnds } from './track-ends.ts'

class PatrolAlreadyOpenError extends AppError {
  constructor(readonly openId: string) {
    super(409, 'PATROL_OPEN', '已有进行中的巡查，请先结束 / a patrol is already open: end it first')
  }
}

class PatrolBusyError extends AppError {
  constructor() {
    super(409, 'PATROL_BUSY', '轨迹正在更新，请稍后重试 / the track is being updated: retry')
  }
}

class PatrolEndedError extends AppError {
  constructor() {
    super(409, 'PATROL_ENDED', '该巡查已结束 / the patrol has ended')
  }
}

/** The roles that read tracks: the worker its own, supervisors in their scope, managers street-wide (issue 20). */
const TRACK_READERS = new Set(['worker', 'supervisor', 'manager'])

/** Hooks the live map: the position a batch's newest point stored moves the worker's marker (worker-positions). */
export type LivePositionFeed = (
  userId: number,
  position: Extract<RecordedPosition, { kind: 'recorded' }>,
  grids: [number, number, number],
) => void

export function createPatrolsService(patrols: PatrolsRepository, livePosition: LivePositionFeed = () => {}) {
  const ends = createTrackEnds()
  /** The patrol's summary when `user` may read it (its worker, or a reader whose scope holds the worker), else 404. */
  async function readable(user: SignedInUser, patrolId: string): Promise<{ workerId: number }> {
    if (!TRACK_READERS.has(user.role)) throw new ForbiddenError()
    const workerId =
      user.role === 'worker' ? await patrols.workerOf(patrolId) : await patrols.readableWorker(patrolId, scopeOf(user))
    if (workerId === undefined || (user.role === 'worker' && workerId !== user.id)) throw new NotFoundError('巡查')
    return { workerId }
  }

  async function summaryOf(patrolId: string): Promise<PatrolSummary> {
    const summary = await patrols.summary(patrolId)
    if (!summary) throw new NotFoundError('巡查')
    return summary
  }

  // The limits change rarely (an admin's edit): read them at most every 30 s, not on every point.
  let settingsCache: { at: number; value: Promise<PatrolSettings> } | null = null
  function currentSettings(): Promise<PatrolSettings> {
    if (!settingsCache || Date.now() - settingsCache.at > 30_000) {
      const value = patrols.settings()
      settingsCache = { at: Date.now(), value }
      value.catch(() => (settingsCache = null))
    }
    return settingsCache.value
  }

  return {
    /** Starts a patrol; the same client id again answers the patrol it started (the outbox may send it twice). */
    async start(user: SignedInUser, clientId: string, at: Date): Promise<{ patrol: PatrolSummary; created: boolean }> {
      return patrols.transaction(async (tx) => {
        const open = await tx.openOf(user.id)
        const started = await tx.start(user.id, clientId, clampToNow(at)).catch((err: unknown) => {
          // Another patrol is open (patrols_open_idx): the worker ends it first.
          if (open && isUniqueViolation(err)) throw new PatrolAlreadyOpenError(open)
          throw err
        })
        return { patrol: (await tx.summary(started.id))!, created: started.created }
      })
    },

    /**
     * Stores a batch of positions: resent ones (known ids) are skipped, the rest filtered against the patrol's last
     * point with the street's limits and appended in time order, all in one transaction that holds the patrol.
     */
    async recordPoints(
      user: SignedInUser,
      patrolId: string,
      input: readonly PatrolPointInput[],
    ): Promise<PatrolPointsReply> {
      const settings = await currentSettings()
      const ids = new Set<string>()
      const fresh = input.filter((p) => {
        const id = p.id.toLowerCase()
        if (ids.has(id)) return false
        ids.add(id)
        return true
      })
      // Optimistic: take the track's end (as this process last appended it, else read), filter against it, append
      // only if it is still the end (appendPoints). A lost race or a stale end is read again and filtered again.
      for (let attempt = 0; ; attempt++) {
        const remembered = attempt === 0 ? ends.get(patrolId) : undefined
        const patrol = remembered ?? (await patrols.pointState(patrolId))
        if (!patrol || patrol.workerId !== user.id) throw new NotFoundError('巡查')
        if (!remembered) ends.set(patrol)
        // Only a point no later than the track's end can be one already stored (a resent batch): ask about those.
        const lastAt = patrol.last?.at ?? Number.NEGATIVE_INFINITY
        const maybeStored = fresh.filter((p) => Date.parse(p.at) <= lastAt).map((p) => p.id.toLowerCase())
        const stored = maybeStored.length ? await patrols.storedPointIds(patrolId, maybeStored) : new Set<string>()
        const unseen = fresh.filter((p) => !stored.has(p.id.toLowerCase()))
        if (unseen.length > 0 && patrol.endedAt) throw new PatrolEndedError()
        const { kept, dropped } = filterTrack(
          unseen.map((p) => ({ ...p, id: p.id.toLowerCase(), at: Date.parse(p.at) })),
          patrol.last,
          { maxAccuracyM: settings.maxAccuracyM, maxSpeedMps: settings.maxSpeedMps },
        )
        // Nothing to append (all resent or outliers) proves nothing about a remembered end: read the patrol.
        if (kept.length === 0 && remembered) continue
        const reply = { accepted: kept.length, duplicates: input.length - unseen.length, dropped: dropped.length }
        if (kept.length === 0) {
          if (dropped.length > 0) await patrols.countOutliers(patrolId, dropped.length)
          return { ...reply, patrol: await summaryOf(patrolId) }
        }
        const newest = kept.at(-1)!
        // Only a point from the last minute moves the live marker: a batch from the outbox is history, not presence.
        const live = Date.now() - newest.at < 60_000
        const appended = await patrols.appendPoints({
          patrolId,
          workerId: user.id,
          workerName: user.name,
          from: patrol.last,
          points: kept,
          outliers: dropped.length,
          live,
        })
        if (!appended) {
          ends.forget(patrolId)
          if (attempt < 3) continue
          throw new PatrolBusyError()
        }
        ends.set({ ...patrol, last: { at: newest.at, lng: newest.lng, lat: newest.lat } })
        if (appended.position && appended.chain) livePosition(user.id, appended.position, appended.chain)
        return { ...reply, patrol: appended.summary }
      }
    },

    /** Ends the worker's patrol (again: no change) and links the reports made during it. */
    async end(user: SignedInUser, patrolId: string, at: Date): Promise<PatrolSummary> {
      ends.forget(patrolId)
      await patrols.transaction(async (tx) => {
        const patrol = await tx.pointState(patrolId, true)
        if (!patrol || patrol.workerId !== user.id) throw new NotFoundError('巡查')
        if (!patrol.endedAt) await tx.end(patrolId, clampToNow(at))
      })
      return summaryOf(patrolId)
    },

    /** Ends a patrol for the timer (the phone went silent); the end is its last point. */
    async endAbandoned(patrolId: string): Promise<void> {
      ends.forget(patrolId)
      await patrols.transaction(async (tx) => {
        const patrol = await tx.pointState(patrolId, true)
        if (patrol && !patrol.endedAt) await tx.end(patrolId, new Date(patrol.last?.at ?? 0))
      })
    },

    /** A patrol with its track; a read of another person's track is audited (who read whose, when, from where). */
    async detail(user: SignedInUser, patrolId: string, actor: Actor): Promise<PatrolDetail> {
      const { workerId } = await readable(user, patrolId)
      if (workerId !== user.id)
        await patrols.audit(actor, {
          action: 'patrol.track.read',
          entity: 'patrol',
          entityId: patrolId,
          after: { workerId },
        })
      const [patrol, points, line, grids, incidents] = await Promise.all([
        summaryOf(patrolId),
        patrols.points(patrolId),
        patrols.displayLine(patrolId),
        patrols.grids(patrolId),
        patrols.incidents(patrolId),
      ])
      return { patrol, points, line, grids, incidents }
    },

    /** Live lines of open patrols in the reader's scope (supervisors' and managers' map); the reading is audited. */
    async live(user: SignedInUser, actor: Actor) {
      if (user.role !== 'supervisor' && user.role !== 'manager') throw new ForbiddenError()
      const items = await patrols.live(scopeOf(user))
      if (items.length > 0)
        await patrols.audit(actor, {
          action: 'patrol.live.read',
          entity: 'patrol',
          entityId: null,
          after: { patrols: items.map((i) => i.patrol.id) },
        })
      return { items }
    },

    async replaceSettings(input: PatrolSettings, actor: Actor): Promise<PatrolSettings> {
      await patrols.transaction(async (tx) => {
        const before = await tx.settings()
        await tx.replaceSettings(input)
        settingsCache = null
        await tx.audit(actor, {
          action: 'patrol.settings',
          entity: 'patrol_settings',
          entityId: null,
          before,
          after: input,
        })
      })
      return patrols.settings()
    },
  }
}

/** A phone's clock may run ahead: a start or end in the future is taken as now. */
function clampToNow(at: Date): Date {
  return at.getTime() > Date.now() ? new Date() : at
}

function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === '23505'
}

export type PatrolsService = ReturnType<typeof createPatrolsService>

declare module 'fastify' {
  interface FastifyInstance {
    patrolsService: PatrolsService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('patrolsService', createPatrolsService(fastify.patrolsRepository, livePositionFeed(fastify)))
  },
  { name: 'patrols-service', dependencies: ['patrols-repository', 'realtime'] },
)

/** The patrol's newest point, stored as the worker's live position by its append, goes to the supervisors' maps. */
function livePositionFeed(fastify: FastifyInstance): LivePositionFeed {
  return (userId, position, grids) => publishWorkerPosition(fastify.realtime, userId, position, grids)
}
