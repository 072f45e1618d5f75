import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import fastifyPostgres from '@fastify/postgres'
import type { Kysely } from 'kysely'
import type pg from 'pg'
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

/**
 * How long a request waits for a connection (a new one, or a free one of the pool) before it is answered 503
 * DATABASE_UNAVAILABLE: a stopped server refuses at once, but a dropped network or a host that is gone answers
 * nothing, and a client must hear within 2 s that it should retry.
 */
export const CONNECT_TIMEOUT_MS = 1_500
/**
 * The longest statement the server runs for the API, so no request holds a connection for ever. The longest
 * today is the whole-street grid import (1,434 grids with tiling checks: a few seconds on two cores).
 */
export const STATEMENT_TIMEOUT_MS = 30_000
/**
 * The client-side bound, a little past the server's: it is what ends a query on a connection whose server or
 * network went silent (no reset ever arrives), which statement_timeout cannot.
 */
const QUERY_TIMEOUT_MS = STATEMENT_TIMEOUT_MS + 5_000

/** A real PostgreSQL may go away and come back; these settings make the pool say so quickly and recover alone. */
const REAL_SERVER: pg.PoolConfig = {
  max: 20,
  // Half the pool stays open when idle: a new connection's first report costs tens of milliseconds (the backend
  // starts, loads PostGIS, plans the prepared statements), and closing idle ones after a busy minute put 100–250 ms
  // spikes into the report latency at a steady 300/s (bench).
  min: 10,
  connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
  statement_timeout: STATEMENT_TIMEOUT_MS,
  query_timeout: QUERY_TIMEOUT_MS,
  // Notices a peer that vanished without a reset (a host gone, a NAT's table flushed) on idle connections.
  keepAlive: true,
}

/**
 * The embedded database lives in this process and cannot go away; its one connection is shared by every request
 * in turn, so a wait for it is no sign of trouble and gets no timeout (a grid import holds it for seconds).
 */
const EMBEDDED: pg.PoolConfig = { max: 1, min: 0 }

/** @fastify/postgres owns the pool; Kysely shares it, so transactions and health checks see one database. */
export default fp<DatabasePluginOptions>(
  async (fastify, { connectionString, embedded = false }) => {
    await fastify.register(fastifyPostgres, { connectionString, ...(embedded ? EMBEDDED : REAL_SERVER) })
    survivesConnectionLoss(fastify.pg.pool, fastify.log)
    fastify.decorate('kysely', createKysely(fastify.pg.pool))
    fastify.decorate('namedStatements', !embedded)
    // The pool is closed by @fastify/postgres; Kysely's destroy would end it a second time.
  },
  { name: 'database' },
)

/**
 * A connection that the server ends (pg_terminate_backend, a restart, a failover) emits 'error': on the pool when
 * it was idle, on the client itself when it was checked out (Kysely holds clients without listening). Unheard,
 * either kills the process. Heard, the pool drops the dead client (it is no longer queryable), the request that
 * used it fails with an error the error handler answers 503, and the next request opens a fresh connection.
 */
function survivesConnectionLoss(pool: pg.Pool, log: FastifyBaseLogger): void {
  pool.on('error', (err) => log.warn({ err }, 'database: an idle connection was lost; the pool opens a new one when needed'))
  pool.on('connect', (client) => {
    // Debug only: the query it was running failed with the same error, and that is logged where it is answered.
    client.on('error', (err) => log.debug({ err }, 'database: a connection in use was lost'))
  })
}
