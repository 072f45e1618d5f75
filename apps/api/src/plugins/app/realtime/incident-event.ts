import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { EventRow } from './live-event.ts'

/**
 * The `data` of an incident event, built from a row of `incidents` named `alias` and the SQL expression `categoryCode`
 * — in SQL, so the event is written by the statement that makes the change, with no second read.
 */
export function incidentEventDataSql(alias: string, categoryCode: string): string {
  return `jsonb_build_object(
    'id', ${alias}.id::text, 'caseNumber', ${alias}.case_number, 'status', ${alias}.status, 'category', ${categoryCode},
    'description', left(${alias}.description, 120), 'lng', ST_X(${alias}.location), 'lat', ST_Y(${alias}.location),
    'dueAt', ${alias}.due_at, 'createdAt', ${alias}.created_at,
    'reporterId', ${alias}.reporter_id, 'assigneeUserId', ${alias}.assignee_user_id, 'assigneeDepartmentId', ${alias}.assignee_department_id,
    'reworkCount', ${alias}.rework_count)`
}

/** Logs `incident.updated` for an incident inside the caller's transaction; the caller publishes it after commit. */
export async function logIncidentUpdated(tx: Kysely<Database>, incidentId: string): Promise<EventRow> {
  const {
    rows: [row],
  } = await sql<EventRow>`
    insert into events (type, grid_l1_id, grid_l2_id, grid_l3_id, data)
    select 'incident.updated', i.grid_l1_id, i.grid_l2_id, i.grid_l3_id, ${sql.raw(incidentEventDataSql('i', 'c.code'))}
    from incidents i join categories c on c.id = i.category_id
    where i.id = ${incidentId}::bigint
    returning seq::text, type, at, grid_l1_id, grid_l2_id, grid_l3_id, data`.execute(tx)
  return row!
}
