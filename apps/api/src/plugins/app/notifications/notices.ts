import { sql, type Kysely } from 'kysely'
import type { NotificationItem, NotificationKind, NotificationPayload } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'

/** One notice to write: to each of `userIds`, about `payload`; `dedupeKey` keeps a rewritten notice to one row. */
export interface Notice {
  userIds: readonly number[]
  kind: NotificationKind
  incidentId: string | null
  dedupeKey: string | null
  payload: NotificationPayload
}

export interface WrittenNotice extends NotificationItem {
  userId: number
  /** The user has push subscriptions: a push is owed (push_next_at set). */
  push: boolean
}

interface NoticeRow {
  id: string
  user_id: number
  kind: NotificationKind
  payload: NotificationPayload
  created_at: Date
  push: boolean
}

/**
 * Writes notices into the outbox inside the caller's transaction, one statement for all of them: a user who muted
 * the kind gets no row, a notice already written under its dedupe key is not written again (a retried pass), and a
 * push is owed when the user has a subscribed browser. Returns what was written, to be sent live after commit.
 */
export async function writeNotices(db: Kysely<Database>, notices: readonly Notice[]): Promise<WrittenNotice[]> {
  const rows = notices.flatMap((n) =>
    [...new Set(n.userIds)].map((userId) => ({
      user_id: userId,
      kind: n.kind,
      incident_id: n.incidentId,
      dedupe_key: n.dedupeKey,
      payload: n.payload,
    })),
  )
  if (rows.length === 0) return []
  const { rows: written } = await sql<NoticeRow>`
    insert into notifications (user_id, kind, incident_id, dedupe_key, payload, push_next_at)
    select r.user_id, r.kind, r.incident_id, r.dedupe_key, r.payload,
      case when exists (select 1 from push_subscriptions s where s.user_id = r.user_id) then now() end
    from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      as r (user_id int, kind text, incident_id bigint, dedupe_key text, payload jsonb)
    where not exists (select 1 from notification_mutes m where m.user_id = r.user_id and m.kind = r.kind)
    on conflict (user_id, dedupe_key) where dedupe_key is not null do nothing
    returning id::text, user_id, kind, payload, created_at, push_next_at is not null as push`.execute(db)
  return written.map((r) => ({
    id: r.id,
    userId: r.user_id,
    kind: r.kind,
    payload: r.payload,
    createdAt: new Date(r.created_at).toISOString(),
    read: false,
    push: r.push,
  }))
}

/** A case's supervisors: active supervisors with a grid on the case's chain (their scope holds it). */
export function supervisorsOf(db: Kysely<Database>, incidentId: string): Promise<number[]> {
  return idsOf(
    db,
    sql`select distinct u.id from incidents i
      join user_grids ug on ug.grid_id in (i.grid_l1_id, i.grid_l2_id, i.grid_l3_id)
      join users u on u.id = ug.user_id and u.role = 'supervisor' and u.active
      where i.id = ${incidentId}::bigint`,
  )
}

/** A case's assignees: its worker, or the active handlers of its department. */
export function assigneesOf(db: Kysely<Database>, incidentId: string): Promise<number[]> {
  return idsOf(
    db,
    sql`select u.id from incidents i join users u on u.active
        and (u.id = i.assignee_user_id or (u.role = 'handler' and u.department_id = i.assignee_department_id))
      where i.id = ${incidentId}::bigint`,
  )
}

/** The street's active managers. */
export function managers(db: Kysely<Database>): Promise<number[]> {
  return idsOf(db, sql`select id from users where role = 'manager' and active`)
}

async function idsOf(db: Kysely<Database>, query: ReturnType<typeof sql>): Promise<number[]> {
  const { rows } = await sql<{ id: number }>`${query}`.execute(db)
  return rows.map((r) => r.id)
}

/** What a notice about a case says: its number, category, due time and an optional note. */
export async function casePayload(
  db: Kysely<Database>,
  incidentId: string,
  note: string | null = null,
): Promise<NotificationPayload> {
  const { rows } = await sql<{ case_number: string; category: string; due_at: Date | null }>`
    select i.case_number, c.name as category, i.due_at from incidents i join categories c on c.id = i.category_id
    where i.id = ${incidentId}::bigint`.execute(db)
  const row = rows[0]
  return {
    incidentId,
    caseNumber: row?.case_number ?? null,
    category: row?.category ?? null,
    note,
    dueAt: row?.due_at ? new Date(row.due_at).toISOString() : null,
  }
}
