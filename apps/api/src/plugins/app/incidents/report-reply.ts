import type { SignedInUser } from '../accounts/users-repository.ts'
import type { GridRef } from '../grids/grids-repository.ts'
import type { ProcessedPhoto } from '../photos/photo-pipeline.ts'
import type { SubCategory } from './category-cache.ts'
import type { IncidentDetail } from './incident-detail.ts'
import type { FiledRows, IncidentReport } from './report-statement.ts'

/**
 * The detail of an incident just filed, from what the report already knows and what its statement returned — the
 * same shape and values `findIncidentDetail` reads back (a test holds the two equal), without reading it back: this
 * is every report's reply.
 */
export function newReportReply(
  id: string,
  report: IncidentReport,
  reporter: SignedInUser,
  category: SubCategory,
  chain: readonly [GridRef, GridRef, GridRef],
  photos: readonly ProcessedPhoto[],
  { incident, firstStep }: FiledRows,
): IncidentDetail {
  const status = report.selfHandled ? 'handled' : 'reported'
  const person = { id: reporter.id, name: reporter.name }
  return {
    id,
    caseNumber: incident.caseNumber,
    clientId: report.clientId,
    status,
    category: { id: category.id, code: category.code, name: category.name, nameEn: category.nameEn },
    description: report.description,
    location: { lng: report.lng, lat: report.lat },
    accuracyM: incident.accuracyM,
    address: report.address,
    grids: chain.map((g) => ({ id: g.id, code: g.code, level: g.level, name: g.name })),
    reporter: person,
    // As the filing statement was given it (incidents-service.ts): the reporter's role.
    source: reporter.role === 'supervisor' ? 'supervisor' : 'worker',
    selfHandled: report.selfHandled,
    assignee: { user: report.selfHandled ? person : null, department: null },
    registeredAt: null,
    dispatchedAt: null,
    dueAt: null,
    handledAt: incident.handledAt,
    closedAt: null,
    closedOnTime: null,
    reworkCount: 0,
    extensionCount: 0,
    createdAt: incident.createdAt,
    photos: photos.map((p) => ({ sha256: p.sha256, kind: 'before' as const })),
    history: [
      {
        id: firstStep.id,
        at: firstStep.at,
        actor: person,
        action: report.selfHandled ? 'report_handled' : 'report',
        from: null,
        to: status,
        note: report.description,
        data: null,
      },
    ],
  }
}
