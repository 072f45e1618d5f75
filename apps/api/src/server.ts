import path from 'node:path'
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '@wangge/seed'
import { loadConfig } from './config.ts'
import { buildApp } from './app.ts'
import { prepareDatabase } from './db/prepare-database.ts'
import { startEmbeddedDatabase, type EmbeddedDatabase } from './db/embedded-database.ts'
import { waitForDatabase } from './db/wait-for-database.ts'
import type { StartupProgress } from './db/startup-progress.ts'
import { createLogger } from './logger.ts'
import { registryDataKey } from './plugins/app/registry/registry-cipher.ts'

/**
 * The production entry: with DATABASE_URL it uses that PostGIS; without, it starts the embedded PGlite + PostGIS
 * under DATA_DIR, migrates, and seeds the reference street on first start.
 */
async function main(): Promise<void> {
  const config = loadConfig()
  // `pnpm start` runs in apps/api; a relative DATA_DIR means the directory the command was typed in.
  config.DATA_DIR = path.resolve(process.env.INIT_CWD ?? process.cwd(), config.DATA_DIR)
  const log = createLogger(config.LOG_LEVEL)
  let embedded: EmbeddedDatabase | undefined
  const started = Date.now()
  const progress: StartupProgress = (zh, en) =>
    log.info(`${zh} / ${en} (${((Date.now() - started) / 1000).toFixed(1)} s)`)
  if (!config.DATABASE_URL) embedded = await startEmbeddedDatabase(config.DATA_DIR, progress)
  else await waitForDatabase(config.DATABASE_URL, { seconds: config.DATABASE_WAIT_S, progress })
  const databaseUrl = config.DATABASE_URL ?? embedded!.url

  // Resolved once here, so the seed seals with the key the app will open with (generated on a first start).
  config.DATA_KEY = await registryDataKey(config.DATA_KEY, config.DATA_DIR)
  const prepared = await prepareDatabase(databaseUrl, {
    seed: embedded !== undefined,
    progress,
    dataKey: config.DATA_KEY,
  })
  const app = await buildApp({ config, databaseUrl, embedded: embedded !== undefined, loggerInstance: log })
  if (embedded) {
    app.log.info(
      {
        dataDir: path.join(config.DATA_DIR, 'pglite'),
        url: embedded.url,
        startupMs: Date.now() - started,
        seeded: prepared.seeded,
      },
      '使用内置数据库 (PGlite + PostGIS) / using the EMBEDDED database; set DATABASE_URL for a real PostGIS',
    )
  } else {
    app.log.info({ migrated: prepared.migrated }, 'using the PostGIS at DATABASE_URL')
  }
  if (typeof prepared.seeded?.accounts === 'number') {
    app.log.info(
      { accounts: DEMO_ACCOUNTS.map((a) => `${a.role} ${a.phone} ${a.name}`), password: DEMO_PASSWORD },
      '已创建演示账号（密码相同，生产环境请停用）/ demo accounts created, all with this password: deactivate them in production',
    )
  }

  const shutdown = async (signal: string) => {
    app.log.info({ signal }, 'shutting down')
    await app.close()
    await embedded?.stop()
    process.exit(0)
  }
  process.once('SIGINT', () => void shutdown('SIGINT'))
  process.once('SIGTERM', () => void shutdown('SIGTERM'))
  // A promise rejected with no handler ends a Node process by default. Our code handles its own; a library's can
  // still escape — node-redis rejects a reconnect's handshake command nobody awaits when Redis drops the connection
  // mid-handshake (redis-outage.test.ts) — and a Redis restart must not take the API down with it. Logged, not fatal.
  process.on('unhandledRejection', (reason) => app.log.error({ err: reason }, 'unhandled promise rejection'))

  await app.listen({ port: config.PORT, host: config.HOST })
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
