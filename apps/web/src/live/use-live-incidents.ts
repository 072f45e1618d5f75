import { useEffect, useRef, useState } from 'react'
import { isAbortError } from '../api/api-error.ts'
import { fetchIncidentPoints } from '../api/incidents.ts'
import { matchesFilters, type IncidentFilters, type IncidentPoint } from '../api/incident-types.ts'
import { useLiveConnection } from './live-connection.tsx'
import type { IncidentEvent, LiveEvent } from './live-event.ts'

export interface LiveIncidents {
  points: ReadonlyMap<string, IncidentPoint>
  loading: boolean
  error: Error | null
  reload: () => void
}

/**
 * The incidents the map shows: loaded over HTTP for the filters, then kept current by `incident.*` events.
 * Events that arrive while a load is in flight are held and applied on top of its result, so an event
 * committed after the load's query is never lost under it. A `resync` reloads.
 */
export function useLiveIncidents(filters: IncidentFilters): LiveIncidents {
  const live = useLiveConnection()
  const [points, setPoints] = useState<ReadonlyMap<string, IncidentPoint>>(new Map())
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<Error | null>(null)
  const [attempt, setAttempt] = useState(0)
  const pending = useRef<IncidentEvent[] | null>([])
  // The seq each incident was last changed by: a late event (committed out of seq order) never undoes a newer one.
  const appliedSeq = useRef(new Map<string, number>())
  const filtersRef = useRef(filters)
  useEffect(() => {
    filtersRef.current = filters
  })

  useEffect(() => live.onResync(() => setAttempt((n) => n + 1)), [live])

  useEffect(
    () =>
      live.subscribe((event: LiveEvent) => {
        if (event.type !== 'incident.created' && event.type !== 'incident.updated') return
        const incident = event as IncidentEvent
        const previous = appliedSeq.current.get(incident.data.id)
        if (incident.seq !== null && previous !== undefined && incident.seq < previous) return
        if (incident.seq !== null) appliedSeq.current.set(incident.data.id, incident.seq)
        if (pending.current) pending.current.push(incident)
        else setPoints((current) => applyEvent(current, incident, filtersRef.current))
      }),
    [live],
  )

  useEffect(() => {
    const controller = new AbortController()
    pending.current = []
    setLoading(true)
    fetchIncidentPoints(filters, controller.signal).then(
      (loaded) => {
        let next: ReadonlyMap<string, IncidentPoint> = new Map(loaded.map((p) => [p.id, p]))
        for (const event of pending.current ?? []) next = applyEvent(next, event, filters)
        pending.current = null
        setPoints(next)
        setError(null)
        setLoading(false)
      },
      (failure: unknown) => {
        if (isAbortError(failure)) return
        pending.current = null
        setError(failure instanceof Error ? failure : new Error(String(failure)))
        setLoading(false)
      },
    )
    return () => controller.abort()
  }, [filters, attempt])

  return { points, loading, error, reload: () => setAttempt((n) => n + 1) }
}

function applyEvent(current: ReadonlyMap<string, IncidentPoint>, event: IncidentEvent, filters: IncidentFilters): ReadonlyMap<string, IncidentPoint> {
  const point: IncidentPoint = { ...event.data, grids: event.grids }
  const next = new Map(current)
  if (matchesFilters(point, filters)) next.set(point.id, point)
  else next.delete(point.id)
  return next
}
