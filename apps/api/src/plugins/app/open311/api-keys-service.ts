import { createHash, randomBytes } from 'node:crypto'
import fp from 'fastify-plugin'
import type { Open311Key, Open311KeyCreate, Open311KeyCreated } from '@wangge/contract'
import { InvalidReferenceError, NotFoundError } from '../../../errors.ts'
import type { Actor } from '../audit/audit-log.ts'
import type { ApiKeysRepository, KeyOnUse } from './api-keys-repository.ts'
import type {} from '../rate-counters/rate-counters-plugin.ts'
import { createKeyRateLimit, type KeyRateLimit } from './key-rate-limit.ts'
import { Open311KeyRefusedError, Open311RateLimitedError, Open311ServiceNotAllowedError } from './open311-errors.ts'

/** What a key's holder asked for, as its audit row names it. */
export interface KeyUse {
  /** 'requests.post', 'requests.get', … */
  resource: string
  serviceCode?: string | undefined
  address: string | null
}

const KEY_PREFIX = 'wg311_'

/** The SHA-256 a key is stored and found by. */
export const keyHashOf = (key: string) => createHash('sha256').update(key).digest('hex')

/**
 * The keys' rules: a new key is 32 random bytes, shown once and stored as its hash; a revoked key is refused with
 * 403; a key files only its services and at most its rate a minute. Every use — taken or refused — is an audit row
 * (entity 'open311_key', no user: the system behind the key acts), except the repeated refusals of a key past its
 * rate within one minute, of which the first is recorded.
 */
export function createApiKeysService(keys: ApiKeysRepository, rateLimit: KeyRateLimit) {
  return {
    async create(input: Open311KeyCreate, admin: Actor & { id: number }, knownServices: ReadonlySet<string>) {
      const unknown = (input.services ?? []).filter((code) => !knownServices.has(code))
      if (unknown.length > 0) {
        throw new InvalidReferenceError('services', `未知的服务（事件小类）：${unknown.join('、')} / unknown services`)
      }
      const secret = randomBytes(32).toString('hex')
      const key = `${KEY_PREFIX}${secret}`
      return keys.transaction(async (tx): Promise<Open311KeyCreated> => {
        const id = await tx.insert({
          name: input.name,
          prefix: secret.slice(0, 8),
          hash: keyHashOf(key),
          services: input.services,
          rateLimitPerMinute: input.rateLimitPerMinute,
          createdBy: admin.id,
        })
        const record = (await tx.find(id))!
        await tx.audit(admin, {
          action: 'open311_key.create',
          entity: 'open311_key',
          entityId: id,
          after: {
            name: record.name,
            keyPrefix: record.keyPrefix,
            services: record.services,
            rateLimitPerMinute: record.rateLimitPerMinute,
          },
        })
        return { key, record }
      })
    },

    async revoke(id: number, admin: Actor & { id: number }): Promise<Open311Key> {
      return keys.transaction(async (tx) => {
        const before = await tx.find(id)
        if (!before) throw new NotFoundError('API 密钥 API key')
        if (before.revokedAt === null) {
          await tx.revoke(id, admin.id)
          await tx.audit(admin, {
            action: 'open311_key.revoke',
            entity: 'open311_key',
            entityId: id,
            before: { revokedAt: null },
          })
        }
        return (await tx.find(id))!
      })
    },

    /**
     * The key of a request, checked: known, not revoked, within its rate, allowed the service. Refusals are audited
     * here; a use that goes on is audited by its caller, with what came of it (`recordUse`).
     */
    async authorize(rawKey: string, use: KeyUse): Promise<KeyOnUse> {
      const key = await keys.useByHash(keyHashOf(rawKey))
      if (!key) throw new Open311KeyRefusedError('unknown')
      const refuse = async (error: Error, reason: string) => {
        await keys.audit(
          { id: null, address: use.address },
          {
            action: 'open311_key.refused',
            entity: 'open311_key',
            entityId: key.id,
            after: { resource: use.resource, serviceCode: use.serviceCode ?? null, reason },
          },
        )
        return error
      }
      if (key.revoked) throw await refuse(new Open311KeyRefusedError('revoked'), 'revoked')
      const limited = await rateLimit.take(key.id, key.rateLimitPerMinute)
      if (limited) {
        const error = new Open311RateLimitedError(limited.retryAfterSeconds)
        throw limited.firstRefusal ? await refuse(error, 'rate_limited') : error
      }
      if (use.serviceCode !== undefined && key.services !== null && !key.services.includes(use.serviceCode)) {
        throw await refuse(new Open311ServiceNotAllowedError(use.serviceCode), 'service_not_allowed')
      }
      return key
    },

    /** A read made with a key: its audit row. */
    recordRead: (key: KeyOnUse, use: KeyUse) =>
      keys.audit(
        { id: null, address: use.address },
        { action: 'open311_key.use', entity: 'open311_key', entityId: key.id, after: { resource: use.resource } },
      ),
  }
}

export type ApiKeysService = ReturnType<typeof createApiKeysService>

declare module 'fastify' {
  interface FastifyInstance {
    apiKeysService: ApiKeysService
  }
}

export default fp(
  (fastify) => {
    fastify.decorate(
      'apiKeysService',
      createApiKeysService(
        fastify.apiKeysRepository,
        createKeyRateLimit(fastify.rateCounters, (err) =>
          fastify.log.warn({ err }, 'open311 key rate: counters unavailable, request not counted'),
        ),
      ),
    )
  },
  { name: 'api-keys-service', dependencies: ['api-keys-repository', 'rate-counters'] },
)
