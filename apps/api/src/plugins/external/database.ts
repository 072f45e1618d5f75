import fp from 'fastify-plugin'
import fastifyPostgres from '@fastify/postgres'
import type { Kysely } from 'kysely'
import { createKysely } from '../../db/create-kysely.ts'
import type { Database } from '../../db/database-schema.ts'

declare module 'fastify' {
  interface FastifyInstance {
    kysely: Kysely<Database>
  }
}

export interface DatabasePluginOptions {
  connectionString: string
  /**
   * PGlite is one backend: pglite-socket interleaves the protocol messages of concurrent clients, which breaks
   * extended-protocol queries, so the embedded database is used through exactly one connection.
   */
  maxConnections?: number
}

/** @fastify/postgres owns the pool; Kysely shares it, so transactions and health checks see one database. */
export default fp<DatabasePluginOptions>(
  async (fastify, { connectionString, maxConnections = 20 }) => {
    await fastify.register(fastifyPostgres, { connectionString, max: maxConnections })
    fastify.decorate('kysely', createKysely(fastify.pg.pool))
    // The pool is closed by @fastify/postgres; Kysely's destroy would end it a second time.
  },
  { name: 'database' },
)
