import type { Kysely, Transaction } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

/** Who acts and from where: the signed-in user and the request address, or a script (actor null). */
export interface Actor {
  id: number | null
  address: string | null
}

export interface AuditEntry {
  action: string
  entity: string
  entityId: string | number | null
  before?: unknown
  after?: unknown
}

/** Appends one audit row; call it inside the transaction that makes the change, so both land or neither. */
export async function writeAudit(
  tx: Transaction<Database> | Kysely<Database>,
  actor: Actor,
  entry: AuditEntry,
): Promise<void> {
  await tx
    .insertInto('audit_log')
    .values({
      actor_id: actor.id,
      address: actor.address,
      action: entry.action,
      entity: entry.entity,
      entity_id: entry.entityId === null ? null : String(entry.entityId),
      before: entry.before === undefined ? null : JSON.stringify(entry.before),
      after: entry.after === undefined ? null : JSON.stringify(entry.after),
    })
    .execute()
}
