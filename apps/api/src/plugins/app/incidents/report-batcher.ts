import fp from 'fastify-plugin'
import type pg from 'pg'
import { isDatabaseUnavailable } from '../../../db/database-unavailable.ts'
import { NaturalBatcher } from '../../../db/natural-batcher.ts'
import { preparedStatement } from '../../../db/prepared-statement.ts'
import { FILING_SQL, filingParameters, type FilingOutcome, type ReportToFile } from './report-statement.ts'

declare module 'fastify' {
  interface FastifyInstance {
    reportBatcher: ReportBatcher
  }
}

/** Files photo-less reports, batching those that arrive while others are being filed (natural-batcher.ts). */
export interface ReportBatcher {
  file(report: ReportToFile): Promise<FilingOutcome>
}

/**
 * How many filing statements run at once. Few, so that under load reports queue up and go together; two, so that
 * one statement waiting on a lock does not hold up every report. On two cores with 1 M incidents (pnpm bench
 * reports, 50 connections): 1 → 2,190 reports/s; 2 → 1,951–1,957; 4 → 1,342; 8 → 1,170; unbatched 697–771. The p99
 * at 300/s was lowest with the fewest, too (8.8, 11.8–14.9, 25.5, 41.3 ms).
 */
const FILING_CONCURRENCY = 2
/** A batch's upper bound: its arrays stay small and one batch's commit is never a long wait. */
const MAX_BATCH = 64

export function createReportBatcher(pool: pg.Pool, { named }: { named: boolean }): ReportBatcher {
  // Planned once per connection where names are safe; the text never changes, whatever the batch's size.
  const fileReports = preparedStatement<FilingOutcome>(pool, 'incidents_file_reports', FILING_SQL, { named })
  const batcher = new NaturalBatcher<ReportToFile, FilingOutcome>((reports) => fileReports(filingParameters(reports)), {
    concurrency: FILING_CONCURRENCY,
    maxBatch: MAX_BATCH,
    // The same report twice in one batch is a retry, answered with the incident the first filed. Different reports
    // under one reporter's clientId both go to the statement, which files the first and leaves the other to be
    // told apart from it (report-statement.ts).
    key: (r) =>
      JSON.stringify([
        r.reporterId,
        r.clientId,
        r.categoryId,
        r.description,
        r.lng,
        r.lat,
        r.accuracyM,
        r.address,
        r.selfHandled,
      ]),
    asRepeat: (outcome) => ({
      ...outcome,
      created: false,
      history_id: null,
      event: null,
      filed: null,
      first_step: null,
    }),
    // The database away fails every report alike: answer them all 503 at once rather than retry each alone.
    sharedFailure: isDatabaseUnavailable,
  })
  return { file: (report) => batcher.submit(report) }
}

export default fp(
  (fastify) => {
    // Its own connections, which plan the filing statement once (database.ts, GENERIC_PLAN_POOL).
    fastify.decorate('reportBatcher', createReportBatcher(fastify.genericPlanPool, { named: fastify.namedStatements }))
  },
  { name: 'report-batcher', dependencies: ['database'] },
)
