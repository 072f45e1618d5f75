import fp from 'fastify-plugin'
import type {
  AssessmentAdjustment,
  AssessmentMonth,
  AssessmentRow,
  AssessmentSheetKind,
  AssessmentSheets,
  AssessmentWeight,
} from '@wangge/contract'
import { AppError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import { monthPeriod } from '../patrols/periods.ts'
import { INDICATORS, ranks, score, type Weights } from './assessment-indicators.ts'
import type { AssessmentRepository, SubjectFigures } from './assessment-repository.ts'

const SHEETS: readonly AssessmentSheetKind[] = ['worker', 'department', 'community']

class MonthNotOverError extends AppError {
  constructor(month: string) {
    super(409, 'MONTH_NOT_OVER', `${month} 尚未结束，不能封存 / the month has not ended yet`)
  }
}

class UnknownIndicatorError extends AppError {
  constructor(sheet: string, indicator: string) {
    super(400, 'VALIDATION_FAILED', `没有这个考核指标：${sheet}.${indicator} / no such indicator`, [
      { field: 'body', message: `unknown indicator ${sheet}.${indicator}` },
    ])
  }
}

/** Scores and ranks the subjects of one sheet (rank 1 the best). */
function scoreSheet(kind: AssessmentSheetKind, subjects: SubjectFigures[], weights: Weights): AssessmentRow[] {
  const scores = subjects.map((s) => score(kind, s.figures, weights[kind]))
  const rankOf = ranks(scores)
  return subjects
    .map((s, i) => ({ ...s, score: scores[i]!, rank: rankOf[i]! }))
    .sort((a, b) => a.rank - b.rank || a.id - b.id)
}

/** Where the live sheets differ from the frozen ones: each changed figure and score, by subject. */
function adjustmentsBetween(closed: AssessmentSheets, now: AssessmentSheets): AssessmentAdjustment[] {
  const out: AssessmentAdjustment[] = []
  for (const sheet of SHEETS) {
    const live = new Map(now[sheet].map((r) => [r.id, r]))
    for (const row of closed[sheet]) {
      const current = live.get(row.id)
      for (const key of [...INDICATORS[sheet].map((i) => i.key), 'score']) {
        const before = key === 'score' ? row.score : (row.figures[key] ?? null)
        const after = current ? (key === 'score' ? current.score : (current.figures[key] ?? null)) : null
        if (before !== after)
          out.push({ sheet, id: row.id, name: row.name, indicator: key, closed: before, now: after })
      }
    }
  }
  return out
}

export function createAssessmentService(assessment: AssessmentRepository) {
  /** The month's sheets computed from the data as it is now. */
  async function liveSheets(month: string): Promise<AssessmentSheets> {
    const period = monthPeriod(month)
    const [weights, worker, department, community] = await Promise.all([
      assessment.weights(),
      assessment.workerFigures(period),
      assessment.departmentFigures(period),
      assessment.communityFigures(period),
    ])
    return {
      worker: scoreSheet('worker', worker, weights),
      department: scoreSheet('department', department, weights),
      community: scoreSheet('community', community, weights),
    }
  }

  /** An open month: live sheets. A closed one: the frozen sheets, and what has changed since as adjustments. */
  async function monthView(month: string): Promise<AssessmentMonth> {
    const closed = await assessment.closedMonth(month)
    const live = await liveSheets(month)
    if (!closed) return { month, closed: null, sheets: live, adjustments: [] }
    return {
      month,
      closed: { at: closed.closed_at.toISOString(), byName: closed.name },
      sheets: closed.sheets,
      adjustments: adjustmentsBetween(closed.sheets, live),
    }
  }

  return {
    liveSheets,
    month: monthView,

    /** Freezes a month that has ended (closing it again changes nothing), with its audit row. */
    async close(month: string, actor: Actor & { id: number }, now = new Date()): Promise<AssessmentMonth> {
      if (monthPeriod(month).to.getTime() > now.getTime()) throw new MonthNotOverError(month)
      const sheets = await liveSheets(month)
      await assessment.transaction(async (tx) => {
        if (await tx.closeMonth(month, actor.id, sheets))
          await tx.audit(actor, {
            action: 'assessment.close',
            entity: 'assessment_month',
            entityId: month,
            after: sheets,
          })
      })
      return monthView(month)
    },

    async replaceWeights(input: readonly AssessmentWeight[], actor: Actor): Promise<AssessmentWeight[]> {
      for (const w of input)
        if (!INDICATORS[w.sheet].some((i) => i.key === w.indicator))
          throw new UnknownIndicatorError(w.sheet, w.indicator)
      await assessment.transaction(async (tx) => {
        const before = await tx.weightList()
        await tx.replaceWeights(input)
        await tx.audit(actor, {
          action: 'assessment.weights',
          entity: 'assessment_weights',
          entityId: null,
          before,
          after: input,
        })
      })
      return assessment.weightList()
    },
  }
}

export type AssessmentService = ReturnType<typeof createAssessmentService>

declare module 'fastify' {
  interface FastifyInstance {
    assessmentService: AssessmentService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('assessmentService', createAssessmentService(fastify.assessmentRepository))
  },
  { name: 'assessment-service', dependencies: ['assessment-repository'] },
)
