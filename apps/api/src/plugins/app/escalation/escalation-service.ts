import fp from 'fastify-plugin'
import type { EscalationLadderBody } from '@wangge/contract'
import { parseLadderSteps } from '@wangge/sla'
import { AppError, InvalidReferenceError, NotFoundError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { liveEventOf } from '../realtime/live-event.ts'
import { backgroundTimersOn } from '../notifications/notifications-service.ts'
import { ladderPass, type LadderPassResult } from './ladder-pass.ts'
import { markCase } from './case-marks.ts'

/** How often the single ladder timer looks for due steps (a pass reads only due rows, through the index). */
export const LADDER_PASS_MS = 15_000
/** A report waiting this long to be registered is told to its supervisors. */
export const REGISTRATION_WAIT_MINUTES = 30

export interface EscalationService {
  /** One timer pass at `now`: ladder steps due, then reports waiting to be registered; events and notices sent. */
  pass(now?: Date): Promise<LadderPassResult & { waiting: number }>
  urge(user: SignedInUser, incidentId: string, note: string, address: string | null): Promise<void>
  supervise(user: SignedInUser, incidentId: string, note: string | null, address: string | null): Promise<void>
  saveLadder(body: EscalationLadderBody, actor: Actor & { id: number }): Promise<void>
  removeLadder(categoryId: number, actor: Actor): Promise<void>
}

declare module 'fastify' {
  interface FastifyInstance {
    escalationService: EscalationService
  }
}

export default fp(
  (fastify) => {
    const repository = fastify.escalationRepository
    const sendMark = ({ event, notices }: Awaited<ReturnType<typeof markCase>>) => {
      // The published event's follow-up writes no notice for these steps (they are not dispatch/verify/return).
      fastify.realtime.publish(liveEventOf(event))
      fastify.notifications.deliver(notices)
    }
    const service: EscalationService = {
      async pass(now = new Date()) {
        const result = await ladderPass(fastify.kysely, now)
        for (const event of result.events) fastify.realtime.publish(liveEventOf(event))
        fastify.notifications.deliver(result.notices)
        const waiting = await repository.transaction((tx) => tx.watchRegistrations(now, REGISTRATION_WAIT_MINUTES))
        fastify.notifications.deliver(waiting)
        return { ...result, waiting: waiting.length }
      },
      async urge(user, incidentId, note, address) {
        const trimmed = note.trim()
        if (!trimmed)
          throw new AppError(400, 'VALIDATION_FAILED', '请填写催办说明 / a note is required', [
            { field: 'note', message: 'required' },
          ])
        sendMark(await markCase(fastify.kysely, user, incidentId, 'urge', trimmed, address))
      },
      async supervise(user, incidentId, note, address) {
        sendMark(await markCase(fastify.kysely, user, incidentId, 'supervise', note?.trim() || null, address))
      },
      async saveLadder(body, actor) {
        const parsed = parseLadderSteps(body.steps)
        if (!parsed.ok)
          throw new AppError(
            400,
            'VALIDATION_FAILED',
            parsed.problems.join('；'),
            parsed.problems.map((message) => ({ field: 'steps', message })),
          )
        if (body.categoryId !== null && !(await repository.isSubCategory(body.categoryId)))
          throw new InvalidReferenceError('categoryId', '事件小类不存在 / unknown sub-category')
        await repository.transaction(async (tx) => {
          await tx.saveLadder(body.categoryId, parsed.steps, actor.id)
          await tx.audit(actor, {
            action: 'escalation_ladder.save',
            entity: 'escalation_ladder',
            entityId: body.categoryId,
            after: parsed.steps,
          })
        })
      },
      async removeLadder(categoryId, actor) {
        await repository.transaction(async (tx) => {
          if (!(await tx.removeLadder(categoryId))) throw new NotFoundError('时限阶梯 ladder')
          await tx.audit(actor, {
            action: 'escalation_ladder.delete',
            entity: 'escalation_ladder',
            entityId: categoryId,
          })
        })
      },
    }
    fastify.decorate('escalationService', service)

    if (backgroundTimersOn()) {
      let running: Promise<unknown> | null = null
      const timer = setInterval(() => {
        if (running) return
        running = service
          .pass()
          .catch((err: unknown) => fastify.log.warn({ err }, 'ladder pass failed'))
          .finally(() => {
            running = null
          })
      }, LADDER_PASS_MS)
      timer.unref()
      fastify.addHook('onClose', async () => {
        clearInterval(timer)
        await running
      })
    }
  },
  { name: 'escalation-service', dependencies: ['escalation-repository', 'realtime', 'notifications'] },
)
