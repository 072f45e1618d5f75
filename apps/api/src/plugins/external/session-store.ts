import type { Kysely } from 'kysely'
import type { SessionStore } from '@fastify/session'
import type { Database } from '../../db/database-schema.ts'
import { ACCOUNTS_CHANNEL, type DatabaseNotifications } from './database-notifications.ts'
import { NotifiedCache } from './notified-cache.ts'

type Session = Parameters<SessionStore['set']>[1]

interface StoredSession {
  session: Session
  expiresAt: number
}

/**
 * @fastify/session's store on the `sessions` table: sessions survive restarts, are shared by every API instance,
 * and are revoked for real by deleting the row (logout, deactivation). Expired rows are never read back.
 * Sessions read are kept in memory until the database announces their change or end (any instance's logout).
 */
export function createPgSessionStore(
  db: Kysely<Database>,
  maxAgeMs: number,
  notifications: DatabaseNotifications,
): SessionStore & { forget(sid: string): void } {
  const read = new NotifiedCache<string, StoredSession>(notifications, { max: 10_000, ttlMs: 10 * 60 * 1000 })
  notifications.subscribe(ACCOUNTS_CHANNEL, (payload) => {
    if (payload.startsWith('session:')) read.forget(payload.slice('session:'.length))
  })
  const load = async (sid: string): Promise<StoredSession | undefined> => {
    const row = await db
      .selectFrom('sessions')
      .select(['data', 'expires_at'])
      .where('sid', '=', sid)
      .where('expires_at', '>', new Date())
      .executeTakeFirst()
    return row ? { session: row.data as Session, expiresAt: new Date(row.expires_at).getTime() } : undefined
  }

  return {
    forget: (sid) => read.forget(sid),
    set(sid, session, callback) {
      const expires = session.cookie.expires ?? new Date(Date.now() + maxAgeMs)
      const userId = (session as Session & { userId?: number }).userId ?? null
      read.forget(sid)
      db.insertInto('sessions')
        .values({ sid, user_id: userId, data: JSON.stringify(session), expires_at: new Date(expires) })
        .onConflict((oc) =>
          oc
            .column('sid')
            .doUpdateSet({ user_id: userId, data: JSON.stringify(session), expires_at: new Date(expires) }),
        )
        .execute()
        .then(() => callback(), callback)
    },
    get(sid, callback) {
      read
        .get(sid, () => load(sid))
        .then(
          (stored) =>
            callback(null, stored && stored.expiresAt > Date.now() ? stored.session : (null as unknown as Session)),
          (err: Error) => callback(err, null as unknown as Session),
        )
    },
    destroy(sid, callback) {
      read.forget(sid)
      db.deleteFrom('sessions')
        .where('sid', '=', sid)
        .execute()
        .then(() => callback(), callback)
    },
  }
}
