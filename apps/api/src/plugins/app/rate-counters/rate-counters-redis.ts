import { createClient } from 'redis'
import { CountersUnavailableError } from '../../../errors.ts'
import { closeRedis } from '../../../redis-close.ts'
import type { CountedHit, RateCounters } from './rate-counters.ts'

// One hash per key: n (hits) and at (the last hit's time). Redis expires the key itself.
const COUNT = `
local prev = redis.call('HGET', KEYS[1], 'at')
local n = redis.call('HINCRBY', KEYS[1], 'n', 1)
redis.call('HSET', KEYS[1], 'at', ARGV[1])
if n == 1 or ARGV[3] == '1' then redis.call('PEXPIRE', KEYS[1], ARGV[2]) end
return { n, prev or '', redis.call('PTTL', KEYS[1]) }`
const UNCOUNT = `if redis.call('EXISTS', KEYS[1]) == 1 then redis.call('HINCRBY', KEYS[1], 'n', -1) end return 0`

const PREFIX = 'wangge:rate:'

/** The shared counters in Redis, for every instance that has REDIS_URL. */
export async function redisRateCounters(url: string, onError: (err: unknown) => void): Promise<RateCounters> {
  // Without Redis a counted request fails at once rather than waiting in node-redis's offline queue for a reconnect.
  const client = createClient({ url, disableOfflineQueue: true })
  client.on('error', onError)
  await client.connect()
  /** A command, or CountersUnavailableError (503) when it failed because Redis is out of reach (not a script's bug). */
  const reachable = async <T>(command: () => Promise<T>): Promise<T> => {
    if (!client.isReady) throw new CountersUnavailableError()
    try {
      return await command()
    } catch (err) {
      if (!client.isReady) throw new CountersUnavailableError()
      throw err
    }
  }
  return {
    async count(key, now, ttlMs, sliding): Promise<CountedHit> {
      const reply = (await reachable(() =>
        client.eval(COUNT, {
          keys: [PREFIX + key],
          arguments: [String(now), String(ttlMs), sliding ? '1' : '0'],
        }),
      )) as [number, string, number]
      const [attempts, previous, ttlLeft] = reply
      return { attempts, previousAt: previous === '' ? null : Number(previous), expiresAt: now + Math.max(0, ttlLeft) }
    },
    async uncount(key) {
      await reachable(() => client.eval(UNCOUNT, { keys: [PREFIX + key] }))
    },
    async forget(key) {
      await reachable(() => client.del(PREFIX + key))
    },
    close: () => closeRedis(client),
  }
}
