import type { ComponentType } from 'react'
import { createBrowserRouter, type RouteObject } from 'react-router'
import { LoginPage } from '../login/login-page.tsx'
import { PLACES, type Place } from '../session/access.ts'
import { RequireRole } from '../session/require-role.tsx'
import { RequireSignIn } from '../session/require-sign-in.tsx'
import { AppShell } from './app-shell.tsx'
import { NotFoundPage } from './not-found-page.tsx'
import { PageLoading } from './page-loading.tsx'
import { RouteErrorPage } from './route-error-page.tsx'
import { lazyPage } from './lazy-page.ts'

/**
 * A page of the access table (session/access.ts): its path, its role guard, and its component as a lazy chunk,
 * so the map's Leaflet code is not in the way of pages that have no map, and admin pages stay out of phones.
 */
function place(
  name: Place,
  load: () => Promise<{ Component: ComponentType }>,
  options: { entry?: boolean } = {},
): RouteObject {
  const path = PLACES[name].path.replace(/^\//, '')
  const page: RouteObject = path === '' ? { index: true, lazy: lazyPage(load) } : { path, lazy: lazyPage(load) }
  return { element: <RequireRole place={name} redirectOthersHome={options.entry} />, children: [page] }
}

/**
 * The grid worker's phone pages under `/m`: one layout (it keeps the outbox sending on every page) around the
 * home, the report form, a task, the outbox and 我的上报, all from one chunk (worker-pages.ts says why). A chunk that
 * cannot be fetched shows the zh-CN error page inside the app's frame, with a retry.
 */
function workerPlaces(): RouteObject {
  const pages = () => import('../worker/worker-pages.ts')
  const page = (name: Place, load: () => Promise<{ Component: ComponentType }>): RouteObject => {
    const path = PLACES[name].path.replace(/^\/m\/?/, '')
    return path === '' ? { index: true, lazy: lazyPage(load) } : { path, lazy: lazyPage(load) }
  }
  return {
    element: <RequireRole place="worker" />,
    children: [
      {
        path: 'm',
        ErrorBoundary: RouteErrorPage,
        lazy: lazyPage(async () => ({ Component: (await pages()).WorkerLayout })),
        children: [
          page('worker', async () => ({ Component: (await pages()).WorkerHomePage })),
          page('workerReport', async () => ({ Component: (await pages()).ReportPage })),
          page('workerTask', async () => ({ Component: (await pages()).TaskPage })),
          page('workerOutbox', async () => ({ Component: (await pages()).OutboxPage })),
          page('workerReports', async () => ({ Component: (await pages()).ReportsPage })),
          page('workerPatrol', async () => ({ Component: (await pages()).PatrolPage })),
          page('workerRegistry', async () => ({
            Component: (await import('../registry/worker-registry-page.tsx')).WorkerRegistryPage,
          })),
          page('workerHouse', async () => ({ Component: (await import('../registry/house-page.tsx')).HousePage })),
        ],
      },
    ],
  }
}

/** Login stands alone and loads with the app (it is everyone's first page); the rest needs a signed-in user. */
export const router = createBrowserRouter([
  {
    HydrateFallback: PageLoading,
    // Any page's failure (a lazy chunk offline, a render error) shows words and a retry, not the router's developer page.
    ErrorBoundary: RouteErrorPage,
    children: [
      { path: 'login', Component: LoginPage },
      {
        Component: RequireSignIn,
        children: [
          // The command centre's wall display stands alone: no app frame around its dark 1920×1080 screen.
          place('dashboardScreen', async () => ({
            Component: (await import('../dashboard/screen/dashboard-screen-page.tsx')).DashboardScreenPage,
          })),
          {
            Component: AppShell,
            children: [
              place('map', async () => ({ Component: (await import('../map/map-page.tsx')).MapPage }), { entry: true }),
              workerPlaces(),
              place('incidents', async () => ({
                Component: (await import('../case-desk/case-desk-page.tsx')).CaseDeskPage,
              })),
              place('incident', async () => ({ Component: (await import('../case-desk/case-page.tsx')).CasePage })),
              place('hotline', async () => ({
                Component: (await import('../hotline/hotline-page.tsx')).HotlinePage,
              })),
              place('department', async () => ({
                Component: (await import('../department/department-page.tsx')).DepartmentPage,
              })),
              place('departmentCase', async () => ({
                Component: (await import('../department/department-case-page.tsx')).DepartmentCasePage,
              })),
              place('users', async () => ({ Component: (await import('../admin/users/users-page.tsx')).UsersPage })),
              place('audit', async () => ({ Component: (await import('../admin/audit/audit-page.tsx')).AuditPage })),
              place('routing', async () => ({
                Component: (await import('../routing/routing-page.tsx')).RoutingPage,
              })),
              place('open311Keys', async () => ({
                Component: (await import('../open311/open311-keys-page.tsx')).Open311KeysPage,
              })),
              place('stations', async () => ({
                Component: (await import('../stations/stations-page.tsx')).StationsPage,
              })),
              place('station', async () => ({ Component: (await import('../stations/station-page.tsx')).StationPage })),
              place('stationAudit', async () => ({
                Component: (await import('../stations/audit-page.tsx')).StationAuditPage,
              })),
              place('dashboard', async () => ({
                Component: (await import('../dashboard/dashboard-page.tsx')).DashboardPage,
              })),
              place('registry', async () => ({
                Component: (await import('../registry/registry-page.tsx')).RegistryPage,
              })),
              place('patrols', async () => ({ Component: (await import('../patrols/patrols-page.tsx')).PatrolsPage })),
              place('coverage', async () => ({
                Component: (await import('../patrols/coverage-page.tsx')).CoveragePage,
              })),
              place('assessment', async () => ({
                Component: (await import('../assessment/assessment-page.tsx')).AssessmentPage,
              })),
              { path: '*', Component: NotFoundPage },
            ],
          },
        ],
      },
    ],
  },
])
