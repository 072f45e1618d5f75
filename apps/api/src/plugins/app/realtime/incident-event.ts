import { sql, type Kysely, type RawBuilder } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { EventRow } from './live-event.ts'

/**
 * The `data` of an incident event, built from a row of `incidents` named `alias` — in SQL, so the event is
 * written by the statement that makes the change, with no second read.
 */
export function incidentEventData(alias: string, categoryCode: RawBuilder<string> | string): RawBuilder<unknown> {
  const col = (name: string) => sql.ref(`${alias}.${name}`)
  const code = typeof categoryCode === 'string' ? sql`${categoryCode}::text` : categoryCode
  return sql`jsonb_build_object(
    'id', ${col('id')}::text, 'caseNumber', ${col('case_number')}, 'status', ${col('status')}, 'category', ${code},
    'description', left(${col('description')}, 120), 'lng', ST_X(${col('location')}), 'lat', ST_Y(${col('location')}),
    'dueAt', ${col('due_at')}, 'createdAt', ${col('created_at')},
    'assigneeUserId', ${col('assignee_user_id')}, 'assigneeDepartmentId', ${col('assignee_department_id')},
    'reworkCount', ${col('rework_count')})`
}

/** Logs `incident.updated` for an incident inside the caller's transaction; the caller publishes it after commit. */
export async function logIncidentUpdated(tx: Kysely<Database>, incidentId: string): Promise<EventRow> {
  const { rows: [row] } = await sql<EventRow>`
    insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
    select 'incident.updated', i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, ${incidentEventData('i', sql<string>`c.code`)}
    from incidents i join categories c on c.id = i.category_id
    where i.id = ${incidentId}::bigint
    returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data`.execute(tx)
  return row!
}
