import { useEffect, useRef } from 'react'
import { acquirePageSocket, type PageSocket } from '../../live/page-socket.ts'

/** Several events in a burst (a supervisor working through a queue) are one refetch. */
const SETTLE_MS = 400

/**
 * Calls `onChange` when an incident the worker may see is created or changes, and when the live connection comes
 * back after a drop (events missed meanwhile are not replayed here: the list is simply read again). socket.io is
 * loaded only on the pages that listen, so the home page's first load does not carry it.
 */
export function useIncidentEvents(onChange: () => void): void {
  const latest = useRef(onChange)
  useEffect(() => {
    latest.current = onChange
  })

  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const changed = () => {
      clearTimeout(timer)
      timer = setTimeout(() => latest.current(), SETTLE_MS)
    }
    let hold: PageSocket | undefined
    void acquirePageSocket().then(
      (held) => {
        if (stopped) return held.release()
        hold = held
        let connectedBefore = held.socket.connected
        held.on('connect', () => {
          if (connectedBefore) changed()
          connectedBefore = true
        })
        held.on('incident.created', changed)
        held.on('incident.updated', changed)
      },
      // Without the socket's code (offline before it was ever loaded) the list still refreshes on open and retry.
      () => undefined,
    )
    return () => {
      stopped = true
      clearTimeout(timer)
      hold?.release()
    }
  }, [])
}
