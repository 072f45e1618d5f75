import type { Static } from '@sinclair/typebox'
import { shanghaiDateOf } from '@wangge/sla'
import type { ExportQuery } from '@wangge/contract'
import { NotFoundError } from '../../../errors.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { toCsv, toXlsx, type ReportTable } from './report-table.ts'
import { complianceByGrid } from './station-compliance.ts'
import { auditsTable, rollUpTable, stationsTable } from './station-reports.ts'
import type { StationsRepository } from './stations-repository.ts'

const YEAR_MS = 366 * 86_400_000
const CEILING = 10_000

/**
 * The report sent upward: the compliance table, the roll-ups per community and per area, and the last year of
 * audits, for the stations the user may see (or one of them). XLSX holds every table as a sheet; CSV holds one.
 */
export async function stationExport(
  repository: StationsRepository,
  user: SignedInUser,
  query: Static<typeof ExportQuery>,
) {
  const now = new Date()
  const stations = await repository.list(user, { stationId: query.station }, { limit: CEILING, now })
  if (query.station !== undefined && stations.length === 0) throw new NotFoundError('站点 station')
  const byId = new Map(stations.map((s) => [s.id, s]))
  const tables: Record<'stations' | 'communities' | 'areas' | 'audits', () => Promise<ReportTable>> = {
    stations: () => Promise.resolve(stationsTable(stations)),
    communities: async () => rollUpTable(1, await complianceByGrid(repository, user, 1, now)),
    areas: async () => rollUpTable(2, await complianceByGrid(repository, user, 2, now)),
    audits: async () =>
      auditsTable(
        await repository.auditsOf([...byId.keys()], { limit: CEILING, since: new Date(now.getTime() - YEAR_MS) }),
        byId,
      ),
  }
  const day = shanghaiDateOf(now).replaceAll('-', '')
  if (query.format === 'xlsx') {
    const wanted =
      query.station === undefined
        ? (['stations', 'communities', 'areas', 'audits'] as const)
        : (['stations', 'audits'] as const)
    const sheets: ReportTable[] = []
    for (const name of wanted) sheets.push(await tables[name]())
    return {
      bytes: await toXlsx(sheets),
      contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      name: `站点六有-${day}.xlsx`,
      asciiName: `stations-${day}.xlsx`,
    }
  }
  const table = query.table ?? 'stations'
  return {
    bytes: toCsv(await tables[table]()),
    contentType: 'text/csv; charset=utf-8',
    name: `站点六有-${table}-${day}.csv`,
    asciiName: `stations-${table}-${day}.csv`,
  }
}
