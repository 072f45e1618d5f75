import { sql, type Kysely } from 'kysely'
import { INCIDENT_QUEUES, type IncidentQueueCounts } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import type { SignedInUser } from '../accounts/users-repository.ts'
import { visibleIncidents, withLookups, type IncidentFilters } from './incident-list.ts'

/**
 * The case desk's tab counts: every queue over what the user may see, with the desk's other filters. One statement
 * of six scalar counts rather than one pass with `count(*) filter (…)`: each queue is a narrow slice (a state, or
 * the running cases of incidents_due_idx) that its own index finds, where one pass would read every visible case.
 * A scoped user's visibility is over the stored grid chain (incident-visibility.ts), which the indexes see, so each
 * count intersects its state's index with the community's.
 */
export async function incidentQueueCounts(
  db: Kysely<Database>,
  user: SignedInUser,
  f: Omit<IncidentFilters, 'queue'>,
): Promise<IncidentQueueCounts> {
  const filters = await withLookups(db, f)
  const counts = INCIDENT_QUEUES.map(
    (queue) =>
      sql`(${visibleIncidents(db, user, { ...filters, queue }).select((eb) => eb.fn.countAll<number>().as('n'))})::int as ${sql.ref(queue)}`,
  )
  const { rows } = await sql<IncidentQueueCounts>`select ${sql.join(counts)}`.execute(db)
  return rows[0]!
}
