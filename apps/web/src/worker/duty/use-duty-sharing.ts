import { useEffect, useState } from 'react'
import type { Socket } from 'socket.io-client'
import { acquirePageSocket, type PageSocket } from '../../live/page-socket.ts'
import { HEARTBEAT_MS, shouldSendPosition, type SentPosition } from './position-throttle.ts'

export type DutyConnection = 'off' | 'connecting' | 'connected' | 'reconnecting' | 'failed'

export interface DutyState {
  connection: DutyConnection
  /**
   * Why the last position was refused, as the server's error code (shown through the web's catalogue), or NO_ACK.
   * A lost connection is the `connection` state's to say: socket.io's own reasons ("xhr poll error") are not for people.
   */
  problem: string | null
  gps: 'waiting' | 'ok' | 'denied' | 'unavailable'
  /** When the server last acknowledged a position. */
  lastSentAt: number | null
}

type Ack = { ok: true } | { ok: false; code: string; message: string }

const ACK_TIMEOUT_MS = 10_000
const OFF_DUTY: DutyState = { connection: 'off', problem: null, gps: 'waiting', lastSentAt: null }

/**
 * While on duty: the page's socket.io connection (page-socket.ts; the session cookie authenticates it), loaded only
 * now so the home page does not carry it, and the phone's position sent as `worker.position` under the battery
 * rules of position-throttle.ts. Switching off says `worker.offDuty` and lets the connection go.
 */
export function useDutySharing(onDuty: boolean): DutyState {
  const [state, setState] = useState<DutyState>(OFF_DUTY)

  useEffect(() => {
    if (!onDuty) return
    let socket: Socket | null = null
    let hold: PageSocket | undefined
    let stopped = false
    let last: SentPosition | null = null
    let latest: { lat: number; lng: number; accuracy: number } | null = null
    const update = (change: Partial<DutyState>) => {
      if (!stopped) setState((current) => ({ ...current, ...change }))
    }
    // A new shift starts from scratch, whatever the last one ended on.
    update({ ...OFF_DUTY, connection: 'connecting' })

    const send = (fix: { lat: number; lng: number; accuracy: number }) => {
      const now = Date.now()
      if (!socket?.connected || !shouldSendPosition(last, fix, now)) return
      last = { at: now, lat: fix.lat, lng: fix.lng }
      socket
        .timeout(ACK_TIMEOUT_MS)
        .emit(
          'worker.position',
          { lat: fix.lat, lng: fix.lng, accuracy: Math.round(fix.accuracy) },
          (error: Error | null, ack?: Ack) => {
            if (error) update({ problem: 'NO_ACK' })
            else if (ack?.ok) update({ lastSentAt: Date.now(), problem: null })
            else update({ problem: ack ? ack.code : 'NO_ACK' })
          },
        )
    }

    void acquirePageSocket().then(
      (held) => {
        if (stopped) return held.release()
        hold = held
        socket = held.socket
        let everConnected = false
        const connected = () => {
          everConnected = true
          update({ connection: 'connected', problem: null })
          if (latest) send(latest)
        }
        held.on('connect', connected)
        held.on('disconnect', () => update({ connection: 'reconnecting' }))
        // socket.io keeps retrying unless the server refused the handshake (then `active` is false): say which.
        held.on('connect_error', () =>
          update({ connection: !socket?.active ? 'failed' : everConnected ? 'reconnecting' : 'connecting' }),
        )
        // The page's connection may already be up (the bell opened it).
        if (socket.connected) connected()
      },
      () => update({ connection: 'failed' }),
    )

    const watch =
      'geolocation' in navigator
        ? navigator.geolocation.watchPosition(
            (position) => {
              latest = {
                lat: position.coords.latitude,
                lng: position.coords.longitude,
                accuracy: position.coords.accuracy,
              }
              update({ gps: 'ok' })
              send(latest)
            },
            (error) => update({ gps: error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable' }),
            // Low-accuracy mode and a minute-old fix are good enough for a live map, and far kinder to the battery.
            { enableHighAccuracy: false, maximumAge: 30_000, timeout: 60_000 },
          )
        : null
    if (watch === null) update({ gps: 'unavailable' })
    // Standing still produces no new fixes: the heartbeat re-sends the last one.
    const heartbeat = setInterval(() => {
      if (latest) send(latest)
    }, HEARTBEAT_MS)

    return () => {
      stopped = true
      clearInterval(heartbeat)
      if (watch !== null) navigator.geolocation.clearWatch(watch)
      // The connection is the page's (the bell and the task list listen on it too): say off duty, then let go.
      const closing = socket
      const held = hold
      if (closing?.connected) closing.timeout(2_000).emit('worker.offDuty', () => held?.release())
      else held?.release()
    }
  }, [onDuty])

  return onDuty ? state : OFF_DUTY
}
