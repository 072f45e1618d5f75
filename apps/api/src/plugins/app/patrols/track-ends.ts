import type { PatrolForUpdate } from './patrols-repository.ts'

/**
 * The open patrols' state as this process last wrote it (worker, last point), so a phone's next point is filtered
 * and appended without reading the patrol first: that read was a third of the statements a point cost.
 *
 * A stale entry is harmless: the append updates the patrol only while its worker, its openness and its last point
 * are still those the batch was filtered against, so after another process's append, an end or a retention delete
 * it writes nothing and the service reads the patrol again. Entries are dropped when this process ends a patrol;
 * the oldest go past `max` (a street has a few hundred workers; a city some thousands).
 */
export function createTrackEnds(max = 10_000) {
  const ends = new Map<string, PatrolForUpdate>()
  return {
    get: (patrolId: string): PatrolForUpdate | undefined => ends.get(patrolId),
    /** Keeps an open patrol's state; an ended one is forgotten. */
    set(state: PatrolForUpdate): void {
      ends.delete(state.id)
      if (state.endedAt) return
      ends.set(state.id, state)
      if (ends.size > max) ends.delete(ends.keys().next().value!)
    },
    forget: (patrolId: string): void => void ends.delete(patrolId),
  }
}
