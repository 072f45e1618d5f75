import envSchema from 'env-schema'
import { Type, type Static } from '@sinclair/typebox'

const ConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  /** How long a start waits for DATABASE_URL's server to accept connections before giving up (seconds). */
  DATABASE_WAIT_S: Type.Integer({ default: 60, minimum: 0, maximum: 3600 }),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATA_DIR: Type.String({ default: './data' }),
  REDIS_URL: Type.Optional(Type.String()),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  /** The registry's encryption secret (ID numbers, phones); generated into DATA_DIR when unset. */
  DATA_KEY: Type.Optional(Type.String({ minLength: 32 })),
  /**
   * Where photos go: unset or `local`, DATA_DIR/uploads (one instance); `s3://bucket[/prefix]?endpoint=…&region=…`,
   * an S3-compatible store that several instances share (photos/photo-store-location.ts). Credentials come from the
   * AWS SDK's standard chain (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY), never from this URL.
   */
  PHOTO_STORE: Type.Optional(Type.String()),
  TILE_URL: Type.String({ default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }),
  TILE_ATTRIBUTION: Type.String({ default: '&copy; OpenStreetMap contributors' }),
  PUBLIC_URL: Type.Optional(Type.String()),
  TRUST_PROXY: Type.Optional(
    Type.String({ description: 'unset: no proxy; a hop count, or a comma-separated list of addresses/CIDRs' }),
  ),
  STREET_NAME: Type.String({ default: '大虞街道' }),
  LOG_LEVEL: Type.String({ default: 'info' }),
  WEB_DIST: Type.Optional(
    Type.String({
      description: 'the built web app to serve; default apps/web/dist (tests point it at their own build)',
    }),
  ),
})

export type Config = Static<typeof ConfigSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return envSchema<Config>({ schema: ConfigSchema, data: env, dotenv: false })
}

/**
 * Fastify's `trustProxy` from TRUST_PROXY. Unset (or `false`/`0`), X-Forwarded-For is ignored and `request.ip` is
 * the socket's address: anyone could otherwise write any address into it, past the sign-in throttle and into
 * audit_log. A list trusts the proxies at those addresses or CIDRs (`127.0.0.1,10.0.0.0/8`), the safer choice. A
 * number N takes the address N hops back along X-Forwarded-For whoever the peer is (Fastify 5 itself refuses bare
 * hop counts for that reason): use it only when the server can be reached through the proxies alone.
 */
export function trustProxyOf(
  value: string | undefined,
): false | string[] | ((address: string, hop: number) => boolean) {
  const text = value?.trim() ?? ''
  if (text === '' || text === 'false' || text === '0') return false
  if (/^[0-9]+$/.test(text)) {
    const hops = Number(text)
    return (_address, hop) => hop < hops
  }
  return text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
}
