import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { writeAudit, type Actor, type AuditEntry } from './audit-log.ts'

export interface AuditListQuery {
  entity?: string | undefined
  entityId?: string | undefined
  actorId?: number | undefined
  action?: string | undefined
  from?: Date | undefined
  to?: Date | undefined
  /** The last id of the previous page; the log is read newest first. */
  beforeId?: string | undefined
  limit: number
}

/**
 * The audit log: read by admins, appended to by every change. A change made in a transaction appends its row with
 * `writeAudit` inside that transaction (its capability's repository does); `write` is for what needs no transaction
 * (signing in and out).
 */
export function createAuditRepository(db: Kysely<Database>) {
  return {
    write(actor: Actor, entry: AuditEntry): Promise<void> {
      return writeAudit(db, actor, entry)
    },

    async list(q: AuditListQuery) {
      const rows = await db
        .selectFrom('audit_log as a')
        .leftJoin('users as u', 'u.id', 'a.actor_id')
        .select(['a.id', 'a.at', 'a.actor_id', 'u.name as actor_name', 'a.action', 'a.entity', 'a.entity_id', 'a.before', 'a.after', 'a.address'])
        .$if(q.entity !== undefined, (qb) => qb.where('a.entity', '=', q.entity!))
        .$if(q.entityId !== undefined, (qb) => qb.where('a.entity_id', '=', q.entityId!))
        .$if(q.actorId !== undefined, (qb) => qb.where('a.actor_id', '=', q.actorId!))
        .$if(q.action !== undefined, (qb) => qb.where('a.action', '=', q.action!))
        .$if(q.from !== undefined, (qb) => qb.where('a.at', '>=', q.from!))
        .$if(q.to !== undefined, (qb) => qb.where('a.at', '<', q.to!))
        .$if(q.beforeId !== undefined, (qb) => qb.where('a.id', '<', q.beforeId!))
        .orderBy('a.id', 'desc')
        .limit(q.limit + 1)
        .execute()
      const items = rows.slice(0, q.limit).map((r) => ({
        id: String(r.id),
        at: new Date(r.at).toISOString(),
        actor: r.actor_id === null ? null : { id: r.actor_id, name: r.actor_name ?? '' },
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        before: r.before ?? null,
        after: r.after ?? null,
        address: r.address,
      }))
      return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
    },
  }
}

export type AuditRepository = ReturnType<typeof createAuditRepository>

declare module 'fastify' {
  interface FastifyInstance {
    auditRepository: AuditRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('auditRepository', createAuditRepository(fastify.kysely))
  },
  { name: 'audit-repository', dependencies: ['database'] },
)
