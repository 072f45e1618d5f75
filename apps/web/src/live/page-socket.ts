import type { Socket } from 'socket.io-client'

/**
 * One socket.io connection per page, shared by everything that listens: the live map or case desk, the
 * notification bell in the header, the worker's task list and duty sharing. Each used to open its own, so a
 * supervisor's page received every grid event twice and a worker's phone held three connections.
 *
 * The connection opens with the first holder and closes with the last. A holder that arrives after the
 * connection has caught up reads where it stands (`caughtUpSeq`) rather than waiting for a `caughtUp` that was
 * already sent.
 */
export interface PageSocket {
  readonly socket: Socket
  /** Listens for as long as this hold lasts: `release` removes it. */
  on(event: string, listener: (...args: never[]) => void): void
  /** The seq the connection last caught up to, or null before it has (or while it is down). */
  caughtUpSeq(): number | null
  release(): void
}

type ReplayAuth = () => Record<string, unknown>

interface Shared {
  socket: Socket
  holders: number
  caughtUpSeq: number | null
}

let shared: Promise<Shared> | null = null
let replayAuth: ReplayAuth = () => ({})

/**
 * The live connection's replay position is sent with every (re)connect; only the page's LiveConnectionProvider
 * keeps one. It returns the function that stops using it.
 */
export function provideReplayAuth(auth: ReplayAuth): () => void {
  replayAuth = auth
  return () => {
    if (replayAuth === auth) replayAuth = () => ({})
  }
}

function open(): Promise<Shared> {
  // socket.io's client (about 12 KB compressed) is fetched when a page first listens, not with the app: the
  // worker's first load on a phone network should not wait for it (DESIGN.md's budget).
  return import('socket.io-client').then(({ io }) => {
    const socket = io({ path: '/socket.io', withCredentials: true, auth: (callback) => callback(replayAuth()) })
    const state: Shared = { socket, holders: 0, caughtUpSeq: null }
    socket.on('caughtUp', ({ seq }: { seq: number }) => (state.caughtUpSeq = seq))
    socket.on('resync', ({ seq }: { seq: number }) => (state.caughtUpSeq = seq))
    socket.on('disconnect', () => (state.caughtUpSeq = null))
    // Events after the catch-up move the position on, so a late holder starts from the newest one seen.
    socket.onAny((_event: string, payload: unknown) => {
      const seq = (payload as { seq?: unknown } | null)?.seq
      if (typeof seq === 'number' && state.caughtUpSeq !== null) state.caughtUpSeq = Math.max(state.caughtUpSeq, seq)
    })
    return state
  })
}

/** Holds the page's connection, opening it if nobody does. Rejects when socket.io's code cannot be loaded. */
export async function acquirePageSocket(): Promise<PageSocket> {
  shared ??= open()
  const pending = shared
  let state: Shared
  try {
    state = await pending
  } catch (error) {
    // Offline before the code was ever fetched: the next holder tries again.
    if (shared === pending) shared = null
    throw error
  }
  state.holders += 1
  const listeners: [string, (...args: never[]) => void][] = []
  let released = false
  return {
    socket: state.socket,
    on(event, listener) {
      state.socket.on(event, listener as (...args: unknown[]) => void)
      listeners.push([event, listener])
    },
    caughtUpSeq: () => state.caughtUpSeq,
    release() {
      if (released) return
      released = true
      for (const [event, listener] of listeners) state.socket.off(event, listener as (...args: unknown[]) => void)
      state.holders -= 1
      // Closed a turn later: a page that swaps one listener for another (a route change, React's strict-mode
      // remount) takes the connection over instead of reconnecting.
      setTimeout(() => {
        if (state.holders > 0 || shared !== pending) return
        shared = null
        state.socket.close()
      }, 0)
    },
  }
}
