import { useEffect, useRef } from 'react'

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
    let close: (() => void) | undefined
    const changed = () => {
      clearTimeout(timer)
      timer = setTimeout(() => latest.current(), SETTLE_MS)
    }
    void import('socket.io-client').then(
      ({ io }) => {
        if (stopped) return
        const socket = io({ path: '/socket.io', withCredentials: true })
        let connectedBefore = false
        socket.on('connect', () => {
          if (connectedBefore) changed()
          connectedBefore = true
        })
        socket.on('incident.created', changed)
        socket.on('incident.updated', changed)
        close = () => socket.close()
      },
      // Without the socket's code (offline before it was ever loaded) the list still refreshes on open and retry.
      () => undefined,
    )
    return () => {
      stopped = true
      clearTimeout(timer)
      close?.()
    }
  }, [])
}
