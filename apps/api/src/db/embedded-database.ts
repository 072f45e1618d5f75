import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { postgis } from '@electric-sql/pglite-postgis'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { PGLiteSocketServer } from '@electric-sql/pglite-socket'
import { quietProgress, type StartupProgress } from './startup-progress.ts'

export interface EmbeddedDatabase {
  /** A postgres:// URL for the pg driver; the port is ephemeral, never 5432. */
  url: string
  stop(): Promise<void>
}

/**
 * Starts PGlite with PostGIS behind a loopback socket so the same `pg` pool and SQL serve both the embedded
 * default and a real PostGIS. PGlite is single-connection: pglite-socket accepts a few clients but runs their
 * messages one by one on the same backend, so callers must not query from two connections at once (the app keeps a
 * pool of one on it).
 */
export async function startEmbeddedDatabase(
  dataDir: string,
  progress: StartupProgress = quietProgress,
): Promise<EmbeddedDatabase> {
  const pgDir = path.resolve(dataDir, 'pglite')
  await mkdir(pgDir, { recursive: true })
  if (existsSync(path.join(pgDir, 'PG_VERSION')))
    progress(`打开内置数据库 ${pgDir}…`, `opening the embedded database in ${pgDir}…`)
  else
    progress(
      `创建内置数据库 ${pgDir}（PGlite + PostGIS，仅首次）…`,
      `creating the embedded database in ${pgDir} (PGlite + PostGIS, first start only)…`,
    )
  const db = await PGlite.create({ dataDir: pgDir, extensions: { postgis, pg_trgm } })
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 64 })
  await server.start()
  const address = server.getServerConn()
  return {
    url: `postgres://postgres@${address}/postgres?sslmode=disable`,
    async stop() {
      await server.stop()
      await db.close()
    },
  }
}
