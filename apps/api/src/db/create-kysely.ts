import { Kysely, PostgresDialect } from 'kysely'
import type pg from 'pg'
import type { Database } from './database-schema.ts'

/** Kysely on an existing node-postgres pool, so the app has one pool for both @fastify/postgres and Kysely. */
export function createKysely(pool: pg.Pool): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
}
