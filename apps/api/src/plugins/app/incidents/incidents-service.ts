import fp from 'fastify-plugin'
import { allowedActions, type ActionInput, type IncidentAction, type IncidentState } from '@wangge/workflow'
import { AppError, IdempotencyKeyReusedError, NotFoundError, OutsideManagedAreaError } from '../../../errors.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import { liveEventOf, type EventPublisher } from '../realtime/live-event.ts'
import type { IncidentDetail } from './incident-detail.ts'
import type { FirstUnderKey, IncidentsRepository } from './incidents-repository.ts'
import { newReportReply } from './report-reply.ts'
import type { FiledRows, FilingOutcome, IncidentReport, ReportToFile } from './report-statement.ts'

export class UnknownCategoryError extends AppError {
  constructor(code: string) {
    super(400, 'VALIDATION_FAILED', `未知的事件小类 ${code} / unknown sub-category`, [
      { field: 'categoryCode', message: 'unknown sub-category' },
    ])
  }
}

/** A case as the user may read it, with the steps they may take now: the buttons the web shows. */
export function withActions(detail: IncidentDetail, user: SignedInUser) {
  const actions = allowedActions(
    {
      state: detail.status as IncidentState,
      assignment: { userId: detail.assignee.user?.id ?? null, departmentId: detail.assignee.department?.id ?? null },
    },
    { role: user.role, userId: user.id, departmentId: user.department?.id ?? null },
  )
  return { ...detail, actions }
}

/** The incidents' rules: what a report's outcome means, a case as its reader sees it, a step and its event. */
export function createIncidentsService(incidents: IncidentsRepository, events: EventPublisher) {
  return {
    /** A case with the caller's next steps; 404 when it is missing or out of their reach. */
    async detail(user: SignedInUser, id: string) {
      const detail = await incidents.detail(user, id)
      if (!detail) throw new NotFoundError('事件 incident')
      return withActions(detail, user)
    },

    /**
     * Files a report: the filing statement (report-statement.ts) finds the grid chain under the point, takes the
     * day's next case number and writes the incident, its first history row and its `incident.created` event, which
     * is published once the report has committed. A report without photos goes through the batcher, which files
     * reports that arrive together in one statement (the hot path of the street's busiest hour); photos add their
     * rows in one transaction with it. The client's `clientId` makes it idempotent for its reporter: a retried
     * submission — even twenty at once — gets the reporter's first incident back (`created: false`), never a second;
     * another report under a clientId the reporter has used is refused (IdempotencyKeyReusedError); someone else's
     * clientId is no concern of this reporter's. A report that fails after taking its case number (retries racing
     * each other, a photo that cannot be stored) leaves a gap in the day's numbering.
     */
    async report(reporter: SignedInUser, report: IncidentReport, photos: readonly ProcessedPhoto[]) {
      const category = await incidents.subCategoryByCode(report.categoryCode)
      if (category === undefined) throw new UnknownCategoryError(report.categoryCode)
      const toFile: ReportToFile = {
        ...report,
        categoryId: category.id,
        reporterId: reporter.id,
        source: reporter.role === 'supervisor' ? 'supervisor' : 'worker',
      }

      const filed = async (
        queries: { firstUnderKey(report: ReportToFile): Promise<FirstUnderKey> },
        outcome: FilingOutcome | undefined,
      ) => {
        if (!outcome?.chain) throw new OutsideManagedAreaError(report.lng, report.lat)
        const { chain } = outcome
        if (outcome.reused) throw new IdempotencyKeyReusedError()
        if (outcome.id) {
          const rows =
            outcome.filed && outcome.first_step ? { incident: outcome.filed, firstStep: outcome.first_step } : null
          return {
            chain,
            id: outcome.id,
            created: outcome.created,
            historyId: outcome.history_id,
            event: outcome.event,
            rows,
          }
        }
        // Raced by a report under the same key (another statement, or earlier in this batch), committed by now.
        const first = await queries.firstUnderKey(toFile)
        if (!first) throw new Error(`the report under clientId ${report.clientId} neither filed nor found`)
        if (!first.same) throw new IdempotencyKeyReusedError()
        return { chain, id: first.id, created: false, historyId: null, event: null, rows: null }
      }
      // A new incident's reply is composed from what is known; a retried one is read back as its reporter may read it.
      const reply = async (id: string, chain: readonly [GridRef, GridRef, GridRef], rows: FiledRows | null) => {
        if (rows) return newReportReply(id, report, reporter, category, chain, photos, rows)
        const detail = await incidents.detail(reporter, id)
        if (!detail) throw new NotFoundError('事件 incident')
        return detail
      }

      const { chain, id, created, event, rows } =
        photos.length === 0
          ? await filed(incidents, await incidents.fileBatched(toFile))
          : await incidents.reportTransaction(async (tx) => {
              const result = await filed(tx, await tx.file(toFile))
              if (result.created) await tx.addReportPhotos(result.id, result.historyId, photos)
              return result
            })
      if (event) events.publish(liveEventOf(event))
      return { id, created, detail: withActions(await reply(id, chain, rows), reporter) }
    },

    /**
     * Takes a workflow step from `address` (for the audit row); the case read back as the caller may now read it, or
     * null when they no longer may.
     */
    async act<A extends IncidentAction>(
      user: SignedInUser,
      id: string,
      action: A,
      input: ActionInput<A>,
      afterPhotos: readonly ProcessedPhoto[],
      address: string | null,
    ) {
      await incidents.applyAction(events, user, id, action, input, afterPhotos, address)
      // A handler who returned a case may no longer read it, and gets no record.
      const detail = await incidents.detail(user, id)
      return detail ? withActions(detail, user) : null
    },
  }
}

export type IncidentsService = ReturnType<typeof createIncidentsService>

declare module 'fastify' {
  interface FastifyInstance {
    incidentsService: IncidentsService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('incidentsService', createIncidentsService(fastify.incidentsRepository, fastify.realtime))
  },
  { name: 'incidents-service', dependencies: ['incidents-repository', 'realtime'] },
)
