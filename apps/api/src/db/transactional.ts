import type { Kysely } from 'kysely'
import type { Database } from './database-schema.ts'

/** A repository whose methods can also run together in one transaction. */
export type Transactional<R> = R & {
  /** Runs `work` in one transaction with the same methods bound to it: everything it writes lands, or nothing. */
  transaction<T>(work: (tx: R) => Promise<T>): Promise<T>
}

/**
 * A repository's queries on `db`, plus `transaction(work)` giving `work` the same queries on a transaction: a
 * service composes the steps of a change and its rules, the repository keeps the SQL (apps/api/README.md).
 */
export function transactional<R extends object>(
  db: Kysely<Database>,
  queriesOn: (db: Kysely<Database>) => R,
): Transactional<R> {
  return { ...queriesOn(db), transaction: (work) => db.transaction().execute((tx) => work(queriesOn(tx))) }
}
