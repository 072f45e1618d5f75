import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import { sql, type Kysely } from 'kysely'
import type { Open311Key } from '@wangge/contract'
import type { Database } from '../../../db/database-schema.ts'
import { shanghaiIsoToSecond } from '../../../db/shanghai-time.ts'
import { transactional } from '../../../db/transactional.ts'
import { writeAudit, type Actor, type AuditEntry } from '../audit/audit-log.ts'

/** A key as the Open311 server checks it on each use. */
export interface KeyOnUse {
  id: number
  name: string
  services: string[] | null
  rateLimitPerMinute: number
  createdBy: number
  revoked: boolean
}

function apiKeyQueries(db: Kysely<Database>) {
  const listed = () =>
    db
      .selectFrom('open311_api_keys as k')
      .innerJoin('users as u', 'u.id', 'k.created_by')
      .select([
        'k.id',
        'k.name',
        'k.key_prefix as keyPrefix',
        'k.services',
        'k.rate_limit_per_minute as rateLimitPerMinute',
        shanghaiIsoToSecond('k.created_at').as('createdAt'),
        sql<Open311Key['createdBy']>`json_build_object('id', u.id, 'name', u.name)`.as('createdBy'),
        shanghaiIsoToSecond<string | null>('k.revoked_at').as('revokedAt'),
        shanghaiIsoToSecond<string | null>('k.last_used_at').as('lastUsedAt'),
        sql<number>`(select count(*)::int from open311_requests r where r.api_key_id = k.id)`.as('requests'),
      ])

  return {
    /** Every key, newest first: there are a handful, one per integrating system. */
    list: (): Promise<Open311Key[]> => listed().orderBy('k.id', 'desc').execute(),

    find: (id: number): Promise<Open311Key | undefined> => listed().where('k.id', '=', id).executeTakeFirst(),

    async insert(key: {
      name: string
      prefix: string
      hash: string
      services: string[] | null
      rateLimitPerMinute: number
      createdBy: number
    }): Promise<number> {
      const row = await db
        .insertInto('open311_api_keys')
        .values({
          name: key.name,
          key_prefix: key.prefix,
          key_hash: key.hash,
          services: key.services,
          rate_limit_per_minute: key.rateLimitPerMinute,
          created_by: key.createdBy,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      return row.id
    },

    /** Revokes a key that is not yet revoked; false when there is no such live key. */
    async revoke(id: number, by: number): Promise<boolean> {
      const result = await db
        .updateTable('open311_api_keys')
        .set({ revoked_at: sql<Date>`now()`, revoked_by: by })
        .where('id', '=', id)
        .where('revoked_at', 'is', null)
        .executeTakeFirst()
      return result.numUpdatedRows > 0n
    },

    /** The key whose SHA-256 this is, revoked or not, and marks it used now. */
    async useByHash(hash: string): Promise<KeyOnUse | undefined> {
      return db
        .updateTable('open311_api_keys')
        .set({ last_used_at: sql<Date>`now()` })
        .where('key_hash', '=', hash)
        .returning([
          'id',
          'name',
          'services',
          'rate_limit_per_minute as rateLimitPerMinute',
          'created_by as createdBy',
          sql<boolean>`revoked_at is not null`.as('revoked'),
        ])
        .executeTakeFirst()
    },

    audit: (actor: Actor, entry: AuditEntry) => writeAudit(db, actor, entry),
  }
}

/** The Open311 API keys: issued, listed and revoked by admins, looked up by hash on every use. */
export function createApiKeysRepository(db: Kysely<Database>) {
  return transactional(db, apiKeyQueries)
}

export type ApiKeysRepository = ReturnType<typeof createApiKeysRepository>

declare module 'fastify' {
  interface FastifyInstance {
    apiKeysRepository: ApiKeysRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('apiKeysRepository', createApiKeysRepository(fastify.kysely))
  },
  { name: 'api-keys-repository', dependencies: ['database'] },
)
