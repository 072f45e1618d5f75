import fp from 'fastify-plugin'
// The `kysely` decorator's type comes with the database plugin this one depends on.
import type {} from '../../external/database.ts'
import type { Kysely } from 'kysely'
import type { Database } from '../../../db/database-schema.ts'
import type { GridScope } from '../accounts/grid-scope.ts'
import { eventsSince, latestSeq, pruneEvents } from './event-log.ts'

/**
 * The live events' log (`events`, event-log.ts) as the socket server reads it: where a fresh client starts, what a
 * reconnecting one missed, and the hourly prune. Events are written by the change that makes them, in its own
 * transaction (`logEvent`, from the capability's repository).
 */
export function createEventsRepository(db: Kysely<Database>) {
  return {
    latestSeq: () => latestSeq(db),
    since: (scope: GridScope, lastSeq: number, options: Parameters<typeof eventsSince>[3]) =>
      eventsSince(db, scope, lastSeq, options),
    prune: () => pruneEvents(db),
  }
}

export type EventsRepository = ReturnType<typeof createEventsRepository>

declare module 'fastify' {
  interface FastifyInstance {
    eventsRepository: EventsRepository
  }
}

export default fp(
  (fastify) => {
    fastify.decorate('eventsRepository', createEventsRepository(fastify.kysely))
  },
  { name: 'events-repository', dependencies: ['database'] },
)
