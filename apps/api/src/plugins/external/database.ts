import fp from 'fastify-plugin'
import fastifyPostgres from '@fastify/postgres'
import type { Kysely } from 'kysely'
import { createKysely } from '../../db/create-kysely.ts'
import type { Database } from '../../db/database-schema.ts'

declare module 'fastify' {
  interface FastifyInstance {
    kysely: Kysely<Database>
    /**
     * Whether named prepared statements are safe: not on the embedded database, where every client connection
     * shares PGlite's one backend and a second connection's Parse of the same name fails ("already exists").
     */
    namedStatements: boolean
  }
}

export interface DatabasePluginOptions {
  connectionString: string
  embedded?: boolean
  /**
   * PGlite is one backend: pglite-socket interleaves the protocol messages of concurrent clients, which breaks
   * extended-protocol queries, so the embedded database is used through exactly one connection.
   */
}

/** @fastify/postgres owns the pool; Kysely shares it, so transactions and health checks see one database. */
export default fp<DatabasePluginOptions>(
  async (fastify, { connectionString, embedded = false }) => {
    // Half the pool stays open when idle: a new connection's first report costs tens of milliseconds (the backend
    // starts, loads PostGIS, plans the prepared statements), and closing idle ones after a busy minute put 100–250 ms
    // spikes into the report latency at a steady 300/s (bench).
    await fastify.register(fastifyPostgres, { connectionString, max: embedded ? 1 : 20, min: embedded ? 0 : 10 })
    fastify.decorate('kysely', createKysely(fastify.pg.pool))
    fastify.decorate('namedStatements', !embedded)
    // The pool is closed by @fastify/postgres; Kysely's destroy would end it a second time.
  },
  { name: 'database' },
)
