import { LiveMapPage } from '../live/live-map-page.tsx'

/**
 * The grid map page (`/`): the live command map. Supervisors see their scope highlighted, with the queue and the
 * steps they may take; managers the same map read-only with today's figures; admins the whole street.
 */
export function MapPage() {
  return <LiveMapPage />
}
