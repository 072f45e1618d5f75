import type { Kysely } from 'kysely'
import type { Role } from '@wangge/accounts'
import type { Database } from '../../../db/database-schema.ts'
import { userWithinScope, type GridScope } from './grid-scope.ts'
import { selectUserView, type UserView } from './user-view.ts'

export interface UserListQuery {
  role?: Role | undefined
  /** Users with a grid in this grid's subtree. */
  gridId?: number | undefined
  /** Part of a name or phone number. */
  text?: string | undefined
  /** The last id of the previous page (keyset). */
  afterId?: number | undefined
  limit: number
}

/** Users visible in a scope: for a supervisor, those with a grid inside their subtrees. */
export function createUsersQuery(db: Kysely<Database>) {
  return {
    async list(scope: GridScope, q: UserListQuery): Promise<{ items: UserView[]; nextAfterId: number | null }> {
      const rows = await selectUserView(db)
        .where((eb) => userWithinScope(scope, eb.ref('u.id')))
        .$if(q.role !== undefined, (qb) => qb.where('u.role', '=', q.role!))
        .$if(q.gridId !== undefined, (qb) =>
          qb.where((eb) => userWithinScope({ streetWide: false, rootIds: [q.gridId!] }, eb.ref('u.id'))),
        )
        .$if(q.text !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([
              eb('u.name', 'ilike', `%${escapeLike(q.text!)}%`),
              eb('u.phone', 'like', `%${escapeLike(q.text!)}%`),
            ]),
          ),
        )
        .$if(q.afterId !== undefined, (qb) => qb.where('u.id', '>', q.afterId!))
        .orderBy('u.id')
        .limit(q.limit + 1)
        .execute()
      const items = rows.slice(0, q.limit) as UserView[]
      return { items, nextAfterId: rows.length > q.limit ? items[items.length - 1]!.id : null }
    },

    /** One user, or undefined when missing or outside the scope (the caller answers 404 either way). */
    async findInScope(scope: GridScope, id: number): Promise<UserView | undefined> {
      const row = await selectUserView(db)
        .where('u.id', '=', id)
        .where((eb) => userWithinScope(scope, eb.ref('u.id')))
        .executeTakeFirst()
      return row as UserView | undefined
    },
  }
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`)
}
