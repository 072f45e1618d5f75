import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import pg from 'pg'
import type { TestProject } from 'vitest/node'
import { prepareDatabase } from '../src/db/prepare-database.ts'
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../src/db/embedded-database.ts'
import { TEST_DATA_KEY } from './test-data-key.ts'

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string
    /** The embedded database takes one connection at a time: apps under test must use a pool of one. */
    embeddedDatabase: boolean
  }
}

/**
 * One database for the whole run: TEST_DATABASE_URL (a real PostGIS, wiped first) when set, else one embedded
 * PGlite + PostGIS started here — starting one per file would cost ~15 s each.
 */
export default async function setup(project: TestProject) {
  let embedded: EmbeddedDatabase | undefined
  let dataDir: string | undefined
  let url = process.env.TEST_DATABASE_URL
  if (url) {
    const client = new pg.Client({ connectionString: url })
    await client.connect()
    await client.query(
      // The registry keeps its tables in a schema of its own (migration 0040), which public's cascade leaves behind.
      'drop schema if exists registry cascade; drop schema if exists public cascade; create schema public',
    )
    await client.end()
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'wangge-test-'))
    embedded = await startEmbeddedDatabase(dataDir)
    url = embedded.url
  }
  await prepareDatabase(url, { seed: true, dataKey: TEST_DATA_KEY })
  project.provide('databaseUrl', url)
  project.provide('embeddedDatabase', embedded !== undefined)
  return async () => {
    await embedded?.stop()
    if (dataDir) await rm(dataDir, { recursive: true, force: true })
  }
}
