import type { Kysely } from 'kysely'
import type { SessionStore } from '@fastify/session'
import type { Database } from '../../db/database-schema.ts'

type Session = Parameters<SessionStore['set']>[1]

/**
 * @fastify/session's store on the `sessions` table: sessions survive restarts, are shared by every API instance,
 * and are revoked for real by deleting the row (logout, deactivation). Expired rows are never read back.
 */
export function createPgSessionStore(db: Kysely<Database>, maxAgeMs: number): SessionStore {
  return {
    set(sid, session, callback) {
      const expires = session.cookie.expires ?? new Date(Date.now() + maxAgeMs)
      const userId = (session as Session & { userId?: number }).userId ?? null
      db.insertInto('sessions')
        .values({ sid, user_id: userId, data: JSON.stringify(session), expires_at: new Date(expires) })
        .onConflict((oc) => oc.column('sid').doUpdateSet({ user_id: userId, data: JSON.stringify(session), expires_at: new Date(expires) }))
        .execute()
        .then(() => callback(), callback)
    },
    get(sid, callback) {
      db.selectFrom('sessions')
        .select('data')
        .where('sid', '=', sid)
        .where('expires_at', '>', new Date())
        .executeTakeFirst()
        .then((row) => callback(null, (row?.data ?? null) as Session), (err: Error) => callback(err, null))
    },
    destroy(sid, callback) {
      db.deleteFrom('sessions')
        .where('sid', '=', sid)
        .execute()
        .then(() => callback(), callback)
    },
  }
}
