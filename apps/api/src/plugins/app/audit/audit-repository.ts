import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import { writeAudit, type Actor, type AuditEntry } from './audit-log.ts'

export interface AuditListQuery {
  entity?: string | undefined
  entityId?: string | undefined
  /** A target's name or number (targetMatches). */
  target?: string | undefined
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
        .select([
          'a.id',
          'a.at',
          'a.actor_id',
          'u.name as actor_name',
          'a.action',
          'a.entity',
          'a.entity_id',
          'a.before',
          'a.after',
          'a.address',
        ])
        .select(TARGET_NAME.as('target_name'))
        .$if(q.entity !== undefined, (qb) => qb.where('a.entity', '=', q.entity!))
        .$if(q.target !== undefined, (qb) => qb.where(targetMatches(q.target!)))
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
        targetName: r.target_name,
        before: r.before ?? null,
        after: r.after ?? null,
        address: r.address,
      }))
      return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null }
    },
  }
}

/**
 * The target as people name it, by the kind of record: a case's number, a user's name (a session is its user's),
 * a station's or a grid's name, a calendar's year. CASE evaluates only the branch taken, so an id is cast to a
 * number only where the kind says it is one.
 */
const TARGET_NAME = sql<string | null>`case a.entity
  when 'incident' then (select t.case_number from incidents t where t.id = a.entity_id::bigint)
  when 'user' then (select t.name from users t where t.id = a.entity_id::int)
  when 'session' then (select t.name from users t where t.id = a.entity_id::int)
  when 'station' then (select t.name from stations t where t.id = a.entity_id::int)
  when 'grid' then (select t.name from grids t where t.id = a.entity_id::int)
  when 'calendar_year' then a.entity_id
end`

/** How many cases a case-number prefix may name: the log is filtered by their ids, and a prefix like DY-2026 names all. */
const CASES_PER_PREFIX = 500

/**
 * Rows whose target is named by `text`: the case with that number or the cases whose numbers start with it (the
 * newest few hundred), or users, stations and grids whose names contain it. Each kind is looked up by its own
 * index first, then the log by (entity, entity_id).
 */
function targetMatches(text: string) {
  const contains = `%${escapeLike(text)}%`
  const prefix = `${escapeLike(text.toUpperCase())}%`
  return sql<boolean>`(
    (a.entity = 'incident' and a.entity_id in (select t.id::text from incidents t where t.case_number like ${prefix} order by t.case_number desc limit ${CASES_PER_PREFIX}))
    or (a.entity in ('user', 'session') and a.entity_id in (select t.id::text from users t where t.name ilike ${contains}))
    or (a.entity = 'station' and a.entity_id in (select t.id::text from stations t where t.name ilike ${contains}))
    or (a.entity = 'grid' and a.entity_id in (select t.id::text from grids t where t.name ilike ${contains} or t.code = ${text}))
    or (a.entity = 'calendar_year' and a.entity_id = ${text})
  )`
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
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
