import fp from 'fastify-plugin'
import type { FastifyBaseLogger } from 'fastify'
import fastifyPostgres from '@fastify/postgres'
import type { Kysely } from 'kysely'
import pg from 'pg'
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
    /**
     * A small pool for a hot named statement whose parameters are arrays (the report filing): its connections plan
     * each named statement once and reuse that plan (GENERIC_PLAN_POOL). The embedded database's one pool there.
     */
    genericPlanPool: pg.Pool
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
  // No JIT: PostgreSQL compiles any statement whose estimate passes jit_above_cost, and a list page's estimate does
  // (a LIMIT over a sort of thousands of estimated rows) while running in 2–10 ms; the compile took 50–70 ms each
  // time (EXPLAIN ANALYZE at a million cases: a one-community list 2 → 59 ms, open cases 22 → 95 ms). Nothing the
  // API runs is long enough to win it back.
  // work_mem 16 MB: at the default 4 MB a search's bitmap of 94,000 cases (a phrase in one case in a hundred, ten
  // million cases) went lossy, and the recheck ran the search-token function on 850,000 rows: 16.9 s, where an exact
  // bitmap took 0.35–0.53 s (EXPLAIN ANALYZE, pnpm bench city). 20 connections × a few nodes stays well under 1 GB.
  options: '-c jit=off -c work_mem=16MB',
}

/**
 * The embedded database lives in this process and cannot go away; its one connection is shared by every request
 * in turn, so a wait for it is no sign of trouble and gets no timeout (a grid import holds it for seconds).
 */
const EMBEDDED: pg.PoolConfig = { max: 1, min: 0 }

/**
 * The same bounds and recovery as the main pool, on connections with plan_cache_mode = force_generic_plan.
 * PostgreSQL re-plans a named statement on every execution while a plan made for the values at hand looks cheaper
 * than a generic one, and for the report filing with one or two reports in its arrays it always does: planning
 * that CTE (grid chain, case number, three inserts) took 2.2 ms against 0.1 ms (EXPLAIN), and a one-report execution
 * 12–20 ms against 6–8 ms on a loaded two-core machine; at 50 reports a second PostgreSQL's CPU per report fell from
 * 3.5 to 2.0 ms there. Both plans read the same indexes; only the join order of the CTEs' results differs (the
 * generic plan is what it picks by itself from about 16 reports up). At 300 reports a second most batches hold one
 * to three reports. Only this pool's statements are affected: on the main pool, Kysely's unnamed queries keep
 * plans made for their values.
 * Two connections stay open, one per concurrent filing statement (report-batcher.ts), planned once each.
 */
const GENERIC_PLAN_POOL: pg.PoolConfig = {
  ...REAL_SERVER,
  max: 4,
  min: 2,
  options: '-c plan_cache_mode=force_generic_plan',
}

/** @fastify/postgres owns the pool; Kysely shares it, so transactions and health checks see one database. */
export default fp<DatabasePluginOptions>(
  async (fastify, { connectionString, embedded = false }) => {
    await fastify.register(fastifyPostgres, { connectionString, ...(embedded ? EMBEDDED : REAL_SERVER) })
    survivesConnectionLoss(fastify.pg.pool, fastify.log)
    fastify.decorate('kysely', createKysely(fastify.pg.pool))
    fastify.decorate('namedStatements', !embedded)
    // The pool is closed by @fastify/postgres; Kysely's destroy would end it a second time.
    if (embedded) fastify.decorate('genericPlanPool', fastify.pg.pool)
    else {
      const genericPlanPool = new pg.Pool({ connectionString, ...GENERIC_PLAN_POOL })
      survivesConnectionLoss(genericPlanPool, fastify.log)
      fastify.decorate('genericPlanPool', genericPlanPool)
      fastify.addHook('onClose', () => genericPlanPool.end())
    }
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
  pool.on('error', (err) =>
    log.warn({ err }, 'database: an idle connection was lost; the pool opens a new one when needed'),
  )
  pool.on('connect', (client) => {
    // Debug only: the query it was running failed with the same error, and that is logged where it is answered.
    client.on('error', (err) => log.debug({ err }, 'database: a connection in use was lost'))
  })
}
