import { inject } from 'vitest'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { buildApp } from '../src/app.ts'
import { loadConfig } from '../src/config.ts'

export const databaseUrl = (): string => inject('databaseUrl')

/** The whole app on the run's test database, as the server builds it, without listening. */
export async function buildTestApp(overrides: { databaseUrl?: string } = {}): Promise<FastifyInstance> {
  // A fixed secret: tests never write a generated one into the working tree's data directory.
  const config = loadConfig({ LOG_LEVEL: 'silent', SESSION_SECRET: 'wangge-test-session-secret-0123456789abcdef' })
  return buildApp({ config, databaseUrl: overrides.databaseUrl ?? databaseUrl(), embedded: inject('embeddedDatabase'), logger: false })
}

/** A direct connection for looking at rows behind the API's back (never used while a request is in flight). */
export async function withClient<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl() })
  await client.connect()
  try {
    return await work(client)
  } finally {
    await client.end()
  }
}
