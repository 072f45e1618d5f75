import { sql, type Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'

/** The system account's phone: a number no one is given (199 0000 0000). */
export const SYSTEM_PHONE = '19900000000'

/**
 * The system account (`系统`): the actor of the steps nobody took by hand — an automatic dispatch, a ladder's
 * notice — so a case's history says a machine did it without a person's name on it. Made on first use (the seed
 * fills only an empty users table); it cannot sign in: inactive, and no password hash argon2 accepts.
 */
export async function systemUserId(db: Kysely<Database>): Promise<number> {
  const { rows } = await sql<{ id: number }>`select id from users where phone = ${SYSTEM_PHONE}`.execute(db)
  if (rows[0]) return rows[0].id
  await sql`
    insert into users (name, phone, password_hash, role, active)
    values ('系统', ${SYSTEM_PHONE}, '!system-account-cannot-sign-in', 'admin', false)
    on conflict (phone) do nothing`.execute(db)
  return systemUserId(db)
}
