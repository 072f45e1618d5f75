import { createContext, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { reportUnauthorized } from '../api/unauthorized.ts'
import { LIVE_EVENT_TYPES, type LiveEvent, type LiveStatus } from './live-event.ts'
import { acquirePageSocket, provideReplayAuth, type PageSocket } from './page-socket.ts'

type Listener = (event: LiveEvent) => void

interface LiveConnection {
  status: LiveStatus
  /** When the connection last caught up after being down (null until the first drop). */
  caughtUpAt: number | null
  /** Every logged or volatile event, once, in the order received. Returns the unsubscribe function. */
  subscribe(listener: Listener): () => void
  /** Called when the server says too much was missed: reload what is shown over HTTP. */
  onResync(listener: () => void): () => void
}

const LiveConnectionContext = createContext<LiveConnection | null>(null)

/** How many recent seqs are remembered to drop duplicates (an event can arrive both live and in a replay). */
const SEEN_WINDOW = 2000
/**
 * `seq` is taken when an event is written, not when it commits: two concurrent changes can commit in the other
 * order, so an event just below the highest seen may still have been on its way when the connection dropped.
 * Reconnecting asks from a little earlier; what was already applied is dropped by seq.
 */
const REPLAY_OVERLAP = 200

/**
 * The page's live events, over its one socket.io connection (page-socket.ts). It remembers the highest `seq` applied and sends it (less a small
 * overlap) on every reconnect (`auth` is read anew each time), so the server replays what was missed; events
 * already applied are dropped by seq. socket.io-client reconnects by itself, with backoff, when the network comes back.
 */
export function LiveConnectionProvider({ children }: { children: ReactNode }) {
  const [status, setStatus] = useState<LiveStatus>('connecting')
  const [caughtUpAt, setCaughtUpAt] = useState<number | null>(null)
  const listeners = useRef(new Set<Listener>())
  const resyncListeners = useRef(new Set<() => void>())

  useEffect(() => {
    let lastSeq: number | null = null
    // After a resync the page was reloaded at `floor`: nothing before it may be replayed over the fresh state.
    let floor = 0
    let wasDown = false
    let stopped = false
    let hold: PageSocket | undefined
    let retry: ReturnType<typeof setTimeout> | undefined
    const seen = new Set<number>()
    const stopReplayAuth = provideReplayAuth(() =>
      lastSeq === null ? {} : { lastSeq: Math.max(floor, lastSeq - REPLAY_OVERLAP) },
    )
    const apply = (event: LiveEvent) => {
      if (event.seq !== null) {
        if (seen.has(event.seq)) return
        seen.add(event.seq)
        if (seen.size > SEEN_WINDOW) seen.delete(seen.values().next().value!)
        lastSeq = Math.max(lastSeq ?? 0, event.seq)
      }
      for (const listener of listeners.current) listener(event)
    }
    void acquirePageSocket().then(
      (held) => {
        if (stopped) return held.release()
        hold = held
        const { socket } = held
        for (const type of LIVE_EVENT_TYPES) held.on(type, apply)
        held.on('caughtUp', ({ seq }: { seq: number }) => {
          lastSeq = Math.max(lastSeq ?? 0, seq)
          setStatus('live')
          if (wasDown) setCaughtUpAt(Date.now())
        })
        held.on('resync', ({ seq }: { seq: number }) => {
          lastSeq = seq
          floor = seq
          seen.clear()
          for (const listener of resyncListeners.current) listener()
          setStatus('live')
          if (wasDown) setCaughtUpAt(Date.now())
        })
        held.on('connect', () => setStatus(wasDown ? 'catching-up' : 'connecting'))
        // socket.io-client retries a lost network by itself; a refusal by the server it does not, so that is ours:
        // a refused session means signed out (the app goes to the login page), anything else is tried again.
        const retryLater = () => {
          clearTimeout(retry)
          retry = setTimeout(() => socket.connect(), 3000)
        }
        held.on('disconnect', (reason: string) => {
          wasDown = true
          setStatus('down')
          if (reason === 'io server disconnect') retryLater()
        })
        held.on('connect_error', (error: Error) => {
          wasDown = true
          setStatus('down')
          if (error.message === 'UNAUTHENTICATED') reportUnauthorized()
          else if (!socket.active) retryLater()
        })
        // Another part of the page (the bell) opened the connection and it has already caught up: start from there.
        const caughtUp = held.caughtUpSeq()
        if (socket.connected && caughtUp !== null) {
          lastSeq = caughtUp
          setStatus('live')
        }
      },
      () => setStatus('down'),
    )
    return () => {
      stopped = true
      clearTimeout(retry)
      stopReplayAuth()
      hold?.release()
    }
  }, [])

  const value = useMemo<LiveConnection>(
    () => ({
      status,
      caughtUpAt,
      subscribe(listener) {
        listeners.current.add(listener)
        return () => {
          listeners.current.delete(listener)
        }
      },
      onResync(listener) {
        resyncListeners.current.add(listener)
        return () => {
          resyncListeners.current.delete(listener)
        }
      },
    }),
    [status, caughtUpAt],
  )
  return <LiveConnectionContext.Provider value={value}>{children}</LiveConnectionContext.Provider>
}

export function useLiveConnection(): LiveConnection {
  const connection = useContext(LiveConnectionContext)
  if (!connection) throw new Error('useLiveConnection must be used inside <LiveConnectionProvider>')
  return connection
}
