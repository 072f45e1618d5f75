import envSchema from 'env-schema'
import { Type, type Static } from '@sinclair/typebox'

const ConfigSchema = Type.Object({
  DATABASE_URL: Type.Optional(Type.String({ minLength: 1 })),
  PORT: Type.Integer({ default: 3000, minimum: 0, maximum: 65535 }),
  HOST: Type.String({ default: '0.0.0.0' }),
  DATA_DIR: Type.String({ default: './data' }),
  REDIS_URL: Type.Optional(Type.String()),
  SESSION_SECRET: Type.Optional(Type.String({ minLength: 32 })),
  TILE_URL: Type.String({ default: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }),
  TILE_ATTRIBUTION: Type.String({ default: '&copy; OpenStreetMap contributors' }),
  PUBLIC_URL: Type.Optional(Type.String()),
  STREET_NAME: Type.String({ default: '大虞街道' }),
  LOG_LEVEL: Type.String({ default: 'info' }),
})

export type Config = Static<typeof ConfigSchema>

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return envSchema<Config>({ schema: ConfigSchema, data: env, dotenv: false })
}
