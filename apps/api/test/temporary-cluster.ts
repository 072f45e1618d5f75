import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { chown, mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import pg from 'pg'
import { freePort } from './database-faults.ts'

const run = promisify(execFile)

/** Where Debian (and CI) put PostgreSQL 15's server programs; PG_BIN names another. */
const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin'

/** Why a cluster of our own cannot be made here (no server programs), or null when it can. */
export function temporaryClusterUnavailable(): string | null {
  for (const program of ['initdb', 'pg_ctl']) {
    if (!existsSync(path.join(BIN, program))) return `no ${program} in ${BIN} (set PG_BIN)`
  }
  if (process.getuid?.() === 0 && !existsSync('/usr/sbin/runuser') && !existsSync('/sbin/runuser'))
    return 'running as root without runuser'
  return null
}

/**
 * A PostgreSQL cluster of the test's own, in a temporary folder on a free port, that the test may stop and start
 * like a database server restarting under the API. initdb refuses root: as root it runs as the `postgres` user.
 */
export interface TemporaryCluster {
  /** postgres:// URL of its `wangge` database (PostGIS created). */
  url: string
  stop(): Promise<void>
  start(): Promise<void>
  destroy(): Promise<void>
}

export async function startTemporaryCluster(): Promise<TemporaryCluster> {
  const asRoot = process.getuid?.() === 0
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wangge-cluster-'))
  if (asRoot) {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
    await chown(dir, Number(uid.stdout), Number(gid.stdout))
  }
  const pgProgram = (program: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', path.join(BIN, program), ...args])
      : run(path.join(BIN, program), args)
  const data = path.join(dir, 'data')
  const port = await freePort()
  await pgProgram('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '-A',
    'trust',
    '-E',
    'UTF8',
    '--no-locale',
    '--no-sync',
    '--no-instructions',
  ])
  // Small and unsafe on purpose: a throw-away cluster that only has to start and stop fast.
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -k ${dir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c shared_buffers=32MB`
  const start = async () =>
    void (await pgProgram('pg_ctl', [
      '-D',
      data,
      '-l',
      path.join(dir, 'log'),
      '-o',
      options,
      '-w',
      '-t',
      '30',
      'start',
    ]))
  // Fast: every backend is ended with 57P01, as a restart of a real server does.
  const stop = async () => void (await pgProgram('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']))
  await start()
  const admin = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` })
  await admin.connect()
  await admin.query('create database wangge')
  await admin.end()
  const url = `postgres://postgres@127.0.0.1:${port}/wangge`
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  await db.query('create extension postgis')
  await db.end()
  return {
    url,
    stop,
    start,
    async destroy() {
      await pgProgram('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']).catch(() => undefined)
      await rm(dir, { recursive: true, force: true })
    },
  }
}
