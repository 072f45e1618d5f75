import fp from 'fastify-plugin'
import type { Static } from '@sinclair/typebox'
import { hasStreetWideScope } from '@wangge/accounts'
import type { ExportQuery } from '@wangge/contract'
import { shanghaiDateOf, shanghaiIsoOf } from '@wangge/sla'
import { auditPassesAll, auditScore } from '@wangge/stations'
import { AppError, NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { GridsRepository } from '../grids/grids-repository.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { AuditSubmission } from './audit-filing.ts'
import { complianceByGrid } from './station-compliance.ts'
import { stationExport } from './station-export.ts'
import type { StationsRepository } from './stations-repository.ts'

export class StationInactiveError extends AppError {
  constructor() {
    super(409, 'STATION_INACTIVE', '站点已停用，不能检查 / the station is inactive and cannot be audited')
  }
}

export class RectifyDateInPastError extends AppError {
  constructor(field: string) {
    super(400, 'VALIDATION_FAILED', '整改期限不能早于今天 / the rectification date cannot be in the past', [
      { field, message: 'before today' },
    ])
  }
}

const AUDITS_SHOWN = 100

/** The stations' rules: what a station's page holds, the roll-ups and the export, and what makes an audit acceptable. */
export function createStationsService(stations: StationsRepository, grids: GridsRepository, events: EventPublisher) {
  return {
    /** A station with its latest audits and its rectification tasks; 404 when missing or out of the user's reach. */
    async detail(user: SignedInUser, id: number) {
      // Contact numbers whole only for the street-wide roles that keep the records; supervisors see them masked.
      const [station] = await stations.list(
        user,
        { stationId: id },
        { limit: 1, fullPhones: hasStreetWideScope(user.role) },
      )
      if (!station) throw new NotFoundError('站点 station')
      const [audits, rectifications] = [
        await stations.auditsOf([id], { limit: AUDITS_SHOWN }),
        await stations.rectificationsOf(id),
      ]
      return { ...station, audits, rectifications }
    },

    /** Compliance per community or area, as of now on the Shanghai clock. */
    async compliance(user: SignedInUser, level: 1 | 2, now = new Date()) {
      return { level, asOf: shanghaiIsoOf(now), items: await complianceByGrid(stations, user, level, now) }
    },

    export: (user: SignedInUser, query: Static<typeof ExportQuery>) => stationExport(stations, user, query),

    /**
     * Records one six-haves audit: refused when the station is out of the auditor's reach (404), the auditor stood
     * outside the street (422), a rectification date is already past (400) or the station is inactive (409);
     * otherwise scored and filed in one transaction (audit-filing.ts), and the live map told once it committed.
     * `clientId` makes a retried submission from a phone on a weak network return the auditor's first audit.
     */
    async submitAudit(
      auditor: SignedInUser,
      actor: Actor,
      stationId: number,
      audit: AuditSubmission,
      now = new Date(),
    ): Promise<{ id: string; created: boolean }> {
      const station = await stations.findVisible(auditor, stationId)
      if (!station) throw new NotFoundError('站点 station')
      if (!(await grids.chainAt(audit.lng, audit.lat))) throw new OutsideManagedAreaError(audit.lng, audit.lat)
      const today = shanghaiDateOf(now)
      audit.items.forEach((item, index) => {
        if (item.rectifyBy !== null && item.rectifyBy < today)
          throw new RectifyDateInPastError(`items.${index}.rectifyBy`)
      })
      if (!station.active) throw new StationInactiveError()
      const filed = await stations.fileAudit({
        auditorId: auditor.id,
        actor,
        stationId,
        audit,
        score: auditScore(audit.items),
        passedAll: auditPassesAll(audit.items),
      })
      if (filed.event) events.publish(liveEventOf(filed.event))
      return { id: filed.id, created: filed.created }
    },
  }
}

export type StationsService = ReturnType<typeof createStationsService>

declare module 'fastify' {
  interface FastifyInstance {
    stationsService: StationsService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'stationsService',
      createStationsService(fastify.stationsRepository, fastify.gridsRepository, fastify.realtime),
    )
  },
  { name: 'stations-service', dependencies: ['stations-repository', 'grids-repository', 'realtime'] },
)
