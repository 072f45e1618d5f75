import { useCallback, useState } from 'react'

export type PositionState =
  | { status: 'idle' }
  | { status: 'locating' }
  | { status: 'ready'; lng: number; lat: number; accuracy: number }
  | { status: 'error'; reason: string }

/**
 * The phone's position for an audit, asked for when the auditor taps (and once on opening the form). High accuracy:
 * the server measures the distance to the station and marks audits over 300 m off-site.
 */
export function usePosition(): { position: PositionState; locate: () => void } {
  const [position, setPosition] = useState<PositionState>({ status: 'idle' })
  const locate = useCallback(() => {
    if (!('geolocation' in navigator)) {
      setPosition({ status: 'error', reason: 'geolocation unavailable' })
      return
    }
    setPosition({ status: 'locating' })
    navigator.geolocation.getCurrentPosition(
      (p) =>
        setPosition({ status: 'ready', lng: p.coords.longitude, lat: p.coords.latitude, accuracy: p.coords.accuracy }),
      (error) => setPosition({ status: 'error', reason: error.message || String(error.code) }),
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    )
  }, [])
  return { position, locate }
}
