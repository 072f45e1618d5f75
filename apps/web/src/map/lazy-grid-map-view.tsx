import { lazy, Suspense } from 'react'
import { PageLoading } from '../app/page-loading.tsx'

// Leaflet and the map code are most of the app's weight; pages that open with their own content (the worker's
// phone page has a first-load budget) show it at once and let the map follow in its own chunk.
const GridMapView = lazy(async () => ({ default: (await import('./grid-map-view.tsx')).GridMapView }))

export function LazyGridMapView({ showScope }: { showScope: boolean }) {
  return (
    <Suspense fallback={<PageLoading />}>
      <GridMapView showScope={showScope} />
    </Suspense>
  )
}
