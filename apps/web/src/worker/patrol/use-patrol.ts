import { useCallback, useEffect, useRef, useState } from 'react'
import { filterTrack } from '@wangge/grid'
import type { CurrentPatrol, PatrolPointsAck, PatrolPointsReply, PatrolSummary } from '@wangge/contract'
import { apiFetch } from '../../api/client.ts'
import { ApiError } from '../../api/api-error.ts'
import { newClientId } from '../../outbox/client-id.ts'
import { acquirePageSocket, type PageSocket } from '../../live/page-socket.ts'
import { loadPatrol, savePatrol, type PatrolState } from './patrol-store.ts'

/** One point per 10 s at most (the 10–30 s): the battery's rule, and the server's track resolution. */
const POINT_INTERVAL_MS = 10_000
/** The street's default limits (patrol_settings); the server applies the admins' current ones again. */
const LIMITS = { maxAccuracyM: 50, maxSpeedMps: 8 }
const SEND_EVERY_MS = 3_000
const BATCH = 200
/** How long a batch sent over the live connection may wait for its answer before it goes over HTTP instead. */
const SOCKET_ANSWER_MS = 10_000

/**
 * Sends a batch over the page's live connection when it is up — a point there costs the server a fraction of an
 * HTTP request's CPU (pnpm bench patrol) — and over HTTP otherwise, or when the socket's answer is an error or does
 * not come: the HTTP route gives the same answer with its status, which is what the caller's error handling reads.
 * A batch sent twice is stored once (each point has its id).
 */
async function sendPoints(
  live: PageSocket | null,
  patrolId: string,
  points: PatrolState['pending'],
): Promise<PatrolPointsReply> {
  if (live?.socket.connected) {
    const ack = (await live.socket
      .timeout(SOCKET_ANSWER_MS)
      .emitWithAck('patrol.points', { patrolId, points })
      .catch(() => null)) as PatrolPointsAck | null
    if (ack?.ok) return ack.reply
  }
  return apiFetch<PatrolPointsReply>(`/patrols/${patrolId}/points`, { method: 'POST', body: { points } })
}

export type GpsState = 'waiting' | 'ok' | 'denied' | 'unavailable'

export interface PatrolControl {
  state: PatrolState | null
  gps: GpsState
  busy: boolean
  /** The last failure to start or end, as an error for errorMessage. */
  error: unknown
  /** The patrol just ended, for its summary. */
  finished: PatrolSummary | null
  start(): Promise<void>
  end(): Promise<void>
}

/**
 * A worker's patrol on the phone: positions from watchPosition, at most one per 10 s, filtered for accuracy and
 * speed like the server does, appended to the stored queue, and sent in order in batches whenever the network is
 * there (a resent batch is stored once: each point has its own id). Ending sends what is left first.
 */
export function usePatrol(userId: number): PatrolControl {
  const [state, setState] = useState<PatrolState | null>(() => loadPatrol(userId))
  const [gps, setGps] = useState<GpsState>('waiting')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<unknown>(null)
  const [finished, setFinished] = useState<PatrolSummary | null>(null)
  const stateRef = useRef(state)
  const sending = useRef<Promise<void> | null>(null)
  const live = useRef<PageSocket | null>(null)

  const update = useCallback(
    (change: (s: PatrolState) => PatrolState | null) => {
      const current = loadPatrol(userId) ?? stateRef.current
      if (!current) return
      const next = change(current)
      savePatrol(userId, next)
      stateRef.current = next
      setState(next)
    },
    [userId],
  )

  // A patrol open on the server but not on this phone (another tab, cleared storage) is resumed.
  useEffect(() => {
    if (stateRef.current) return
    apiFetch<CurrentPatrol>('/patrols/current').then(
      ({ patrol }) => {
        if (!patrol || stateRef.current) return
        const resumed: PatrolState = {
          patrolId: patrol.id,
          startedAt: patrol.startedAt,
          pending: [],
          lastKept: null,
          summary: patrol,
        }
        savePatrol(userId, resumed)
        stateRef.current = resumed
        setState(resumed)
      },
      () => undefined,
    )
  }, [userId])

  const flush = useCallback((): Promise<void> => {
    if (sending.current) return sending.current
    const current = stateRef.current
    if (!current || current.pending.length === 0 || !navigator.onLine) return Promise.resolve()
    const batch = current.pending.slice(0, BATCH)
    sending.current = sendPoints(live.current, current.patrolId, batch)
      .then((reply) => {
        const sent = new Set(batch.map((p) => p.id))
        update((s) => ({ ...s, pending: s.pending.filter((p) => !sent.has(p.id)), summary: reply.patrol }))
      })
      .finally(() => {
        sending.current = null
      })
    return sending.current
  }, [update])

  const patrolId = state?.patrolId ?? null
  // While on patrol: the GPS watch, and the sender every few seconds (and at once when the network returns).
  useEffect(() => {
    if (!patrolId) return
    // The page's live connection, held while on patrol: the track goes over it when it is up.
    let released = false
    void acquirePageSocket().then(
      (held) => {
        if (released) held.release()
        else live.current = held
      },
      () => undefined,
    )
    let lastAt = 0
    const watch = navigator.geolocation.watchPosition(
      (fix) => {
        setGps('ok')
        const at = fix.timestamp || Date.now()
        if (at - lastAt < POINT_INTERVAL_MS) return
        const point = {
          id: newClientId(),
          at,
          lng: Number(fix.coords.longitude.toFixed(7)),
          lat: Number(fix.coords.latitude.toFixed(7)),
          accuracy: Math.round(fix.coords.accuracy),
        }
        const { kept } = filterTrack([point], stateRef.current?.lastKept ?? null, LIMITS)
        if (kept.length === 0) return
        lastAt = at
        update((s) => ({
          ...s,
          lastKept: { at, lng: point.lng, lat: point.lat },
          pending: [...s.pending, { ...point, at: new Date(at).toISOString() }],
        }))
        void flush().catch(() => undefined)
      },
      (failure) => setGps(failure.code === failure.PERMISSION_DENIED ? 'denied' : 'unavailable'),
      { enableHighAccuracy: true, maximumAge: 5_000, timeout: 30_000 },
    )
    const timer = setInterval(() => void flush().catch(() => undefined), SEND_EVERY_MS)
    const online = () => void flush().catch(() => undefined)
    window.addEventListener('online', online)
    return () => {
      released = true
      live.current?.release()
      live.current = null
      navigator.geolocation.clearWatch(watch)
      clearInterval(timer)
      window.removeEventListener('online', online)
    }
  }, [patrolId, flush, update])

  const start = useCallback(async () => {
    setBusy(true)
    setError(null)
    setFinished(null)
    try {
      const patrol = await apiFetch<PatrolSummary>('/patrols', {
        method: 'POST',
        body: { clientId: newClientId(), at: new Date().toISOString() },
      })
      const started: PatrolState = {
        patrolId: patrol.id,
        startedAt: patrol.startedAt,
        pending: [],
        lastKept: null,
        summary: patrol,
      }
      savePatrol(userId, started)
      stateRef.current = started
      setState(started)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }, [userId])

  const end = useCallback(async () => {
    const current = stateRef.current
    if (!current) return
    setBusy(true)
    setError(null)
    try {
      // What is still on the phone goes first, in order; offline, the patrol stays open until the network returns.
      for (let round = 0; round < 50 && (stateRef.current?.pending.length ?? 0) > 0; round++) {
        if (!navigator.onLine) throw new ApiError(0, 'NETWORK_ERROR', 'offline')
        await flush()
      }
      const summary = await apiFetch<PatrolSummary>(`/patrols/${current.patrolId}/end`, {
        method: 'POST',
        body: { at: new Date().toISOString() },
      })
      savePatrol(userId, null)
      stateRef.current = null
      setState(null)
      setFinished(summary)
    } catch (failure) {
      setError(failure)
    } finally {
      setBusy(false)
    }
  }, [flush, userId])

  return { state, gps, busy, error, finished, start, end }
}
