import type { Static } from '@sinclair/typebox'
import type { IncidentPointsQuery } from '@wangge/contract'
import type { SignedInUser } from '../../../plugins/app/accounts/users-repository.ts'
import type { IncidentFilters } from '../../../plugins/app/incidents/incident-list.ts'
import { parseBBox } from '../bbox.ts'

export type FilterParams = Omit<Static<typeof IncidentPointsQuery>, 'limit'>

/** The list's query string as the repository's filters (the list, the map points and the clusters share them). */
export function filtersOf(q: FilterParams, user: SignedInUser): IncidentFilters {
  return {
    status: q.status,
    category: q.category,
    gridId: q.grid,
    bbox: q.bbox === undefined ? undefined : parseBBox(q.bbox),
    assigneeUserId: q.assignee,
    departmentId: q.department,
    overdue: q.overdue,
    from: q.from ? new Date(q.from) : undefined,
    to: q.to ? new Date(q.to) : undefined,
    text: q.q,
    rework: q.rework,
    reporterUserId: q.reporter === 'me' ? user.id : undefined,
    queue: q.queue,
    source: q.source,
  }
}
