import { useEffect, useState } from 'react'

export type GpsState =
  | { status: 'locating' }
  | { status: 'found'; lng: number; lat: number; accuracy: number }
  | { status: 'denied' }
  | { status: 'unavailable' }

/**
 * Follows the phone's position with high accuracy while the report form is open: the first fix often comes from
 * the network and is coarse, later ones from the GPS are better, and the form shows each with its accuracy.
 */
export function useGpsPosition(): GpsState {
  const [state, setState] = useState<GpsState>(() =>
    'geolocation' in navigator ? { status: 'locating' } : { status: 'unavailable' },
  )
  useEffect(() => {
    if (!('geolocation' in navigator)) return
    const watch = navigator.geolocation.watchPosition(
      (position) =>
        setState({
          status: 'found',
          lng: position.coords.longitude,
          lat: position.coords.latitude,
          accuracy: position.coords.accuracy,
        }),
      (error) =>
        setState((current) => {
          if (current.status === 'found') return current // a later timeout does not forget a good fix
          return error.code === error.PERMISSION_DENIED ? { status: 'denied' } : { status: 'unavailable' }
        }),
      { enableHighAccuracy: true, maximumAge: 10_000, timeout: 30_000 },
    )
    return () => navigator.geolocation.clearWatch(watch)
  }, [])
  return state
}
