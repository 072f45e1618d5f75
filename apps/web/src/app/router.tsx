import { createBrowserRouter } from 'react-router'
import { AppShell } from './app-shell.tsx'
import { NotFoundPage } from './not-found-page.tsx'
import { PageLoading } from './page-loading.tsx'

/**
 * Pages hang under the shell. Each page is its own lazy chunk, so the map's Leaflet code is not in the way of
 * pages that have no map (login, the worker's phone pages with their first-load budget).
 */
export const router = createBrowserRouter([
  {
    Component: AppShell,
    children: [
      {
        index: true,
        HydrateFallback: PageLoading,
        lazy: async () => ({ Component: (await import('../map/map-page.tsx')).MapPage }),
      },
      { path: '*', Component: NotFoundPage },
    ],
  },
])
