import { sql, type Kysely } from 'kysely'
import type { HotlineOrder, HotlineStatus, RevisitResult } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { shanghaiIso } from '../../../db/shanghai-time.ts'

/** A caller's name as lists show it: the family name and a star per other character (张**). */
export function maskCallerName(name: string): string {
  const chars = [...name]
  return chars.length <= 1 ? '*' : chars[0] + '*'.repeat(chars.length - 1)
}

/** A caller's number as lists show it: 138****1234, a landline 053****6789; short numbers wholly starred. */
export function maskCallerPhone(phone: string): string {
  return phone.length >= 8 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '*'.repeat(phone.length)
}

/** An order's row joined to its incident (`o`, `i`), every time already in +08:00. */
export function selectOrders(db: Kysely<Database>) {
  return db
    .selectFrom('hotline_orders as o')
    .innerJoin('incidents as i', 'i.id', 'o.incident_id')
    .select([
      sql<string>`o.id::text`.as('id'),
      'o.order_number',
      sql<string>`i.id::text`.as('incident_id'),
      'i.case_number',
      'i.status as incident_status',
      'o.caller_name_sealed',
      'o.caller_phone_sealed',
      'o.caller_name_masked',
      'o.caller_phone_masked',
      shanghaiIso('o.called_at').as('called_at'),
      'i.description as content',
      'i.address',
      sql<number>`o.sign_limit_hours::float8`.as('sign_limit_hours'),
      sql<number>`o.finish_limit_days::float8`.as('finish_limit_days'),
      shanghaiIso('o.received_at').as('received_at'),
      shanghaiIso('o.sign_due_at').as('sign_due_at'),
      shanghaiIso('o.finish_due_at').as('finish_due_at'),
      'o.status',
      shanghaiIso<string | null>('o.signed_at').as('signed_at'),
      shanghaiIso<string | null>('o.replied_at').as('replied_at'),
      shanghaiIso<string | null>('o.returned_at').as('returned_at'),
      'o.revisit_result',
      shanghaiIso<string | null>('o.revisited_at').as('revisited_at'),
      'o.redo_count',
    ])
}

export type OrderRow = Awaited<ReturnType<ReturnType<typeof selectOrders>['executeTakeFirstOrThrow']>>

/** The reply shape of an order; the caller masked unless opened with the key (a supervisor's case page). */
export function orderOf(row: OrderRow, caller?: { open(sealed: Buffer): string }): HotlineOrder {
  return {
    id: row.id,
    orderNumber: row.order_number,
    incident: { id: row.incident_id, caseNumber: row.case_number, status: row.incident_status },
    callerName: caller ? caller.open(row.caller_name_sealed) : row.caller_name_masked,
    callerPhone: caller ? caller.open(row.caller_phone_sealed) : row.caller_phone_masked,
    calledAt: row.called_at,
    content: row.content,
    address: row.address,
    signLimitHours: row.sign_limit_hours,
    finishLimitDays: row.finish_limit_days,
    receivedAt: row.received_at,
    signDueAt: row.sign_due_at,
    finishDueAt: row.finish_due_at,
    status: row.status as HotlineStatus,
    signedAt: row.signed_at,
    repliedAt: row.replied_at,
    returnedAt: row.returned_at,
    revisitResult: row.revisit_result as RevisitResult | null,
    revisitedAt: row.revisited_at,
    redoCount: row.redo_count,
  }
}
