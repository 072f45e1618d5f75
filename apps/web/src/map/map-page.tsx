import { GridMapView } from './grid-map-view.tsx'

/** The grid map page (`/`): supervisors see their scope highlighted; managers and admins the whole street. */
export function MapPage() {
  return <GridMapView showScope />
}
