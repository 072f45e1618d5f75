import type { Role } from '@wangge/accounts'
import { matchPath } from 'react-router'

/**
 * Who may use which page: the one table behind both the route guards and the navigation, so a link is shown
 * exactly when following it would not end on the 403 page. The API enforces the same rules on its side; this
 * table only keeps the interface honest.
 */
export const PLACES = {
  map: { path: '/', roles: ['supervisor', 'manager', 'admin'] },
  worker: { path: '/m', roles: ['worker'] },
  workerReport: { path: '/m/report', roles: ['worker'] },
  workerTask: { path: '/m/tasks/:id', roles: ['worker'] },
  workerOutbox: { path: '/m/outbox', roles: ['worker'] },
  workerReports: { path: '/m/reports', roles: ['worker'] },
  workerPatrol: { path: '/m/patrol', roles: ['worker'] },
  workerRegistry: { path: '/m/registry', roles: ['worker'] },
  workerHouse: { path: '/m/registry/houses/:id', roles: ['worker'] },
  incidents: { path: '/incidents', roles: ['supervisor', 'manager', 'admin'] },
  incident: { path: '/incidents/:id', roles: ['supervisor', 'manager', 'admin'] },
  hotline: { path: '/hotline', roles: ['supervisor', 'admin'] },
  department: { path: '/department', roles: ['handler'] },
  departmentCase: { path: '/department/cases/:id', roles: ['handler'] },
  users: { path: '/admin/users', roles: ['admin'] },
  audit: { path: '/admin/audit', roles: ['admin'] },
  routing: { path: '/admin/routing', roles: ['admin'] },
  open311Keys: { path: '/admin/open311', roles: ['admin'] },
  stations: { path: '/stations', roles: ['manager', 'admin'] },
  station: { path: '/stations/:id', roles: ['manager', 'admin'] },
  stationAudit: { path: '/stations/:id/audit', roles: ['manager', 'admin'] },
  patrols: { path: '/patrols', roles: ['supervisor', 'manager'] },
  coverage: { path: '/coverage', roles: ['supervisor', 'manager'] },
  assessment: { path: '/assessment', roles: ['manager', 'admin'] },
  dashboard: { path: '/dashboard', roles: ['supervisor', 'manager', 'admin'] },
  registry: { path: '/registry', roles: ['supervisor', 'manager', 'admin'] },
  dashboardScreen: { path: '/dashboard/screen', roles: ['supervisor', 'manager', 'admin'] },
} as const satisfies Record<string, { path: string; roles: readonly Role[] }>

export type Place = keyof typeof PLACES

/** Navigation order; the labels are `nav.<place>` messages. Pages inside a place (the worker's report form) have none. */
const NAV_ORDER = [
  'worker',
  'workerRegistry',
  'department',
  'map',
  'incidents',
  'hotline',
  'dashboard',
  'stations',
  'registry',
  'patrols',
  'coverage',
  'assessment',
  'users',
  'routing',
  'open311Keys',
  'audit',
] as const satisfies readonly Place[]
export type NavPlace = (typeof NAV_ORDER)[number]

const HOME: Record<Role, Place> = {
  worker: 'worker',
  supervisor: 'map',
  handler: 'department',
  manager: 'map',
  admin: 'users',
}

export function mayUse(role: Role, place: Place): boolean {
  return (PLACES[place].roles as readonly Role[]).includes(role)
}

export function homePath(role: Role): string {
  return PLACES[HOME[role]].path
}

export function navPlaces(role: Role): NavPlace[] {
  return NAV_ORDER.filter((place) => mayUse(role, place))
}

/**
 * Where to go after signing in: back to the page the user was sent away from when their role may use it (the
 * previous user of a shared phone may have been somewhere else entirely), otherwise their role's home.
 */
export function pathAfterSignIn(role: Role, from: { pathname: string; search?: string } | undefined): string {
  if (from) {
    const place = placeAt(from.pathname)
    if (place && mayUse(role, place)) return from.pathname + (from.search ?? '')
  }
  return homePath(role)
}

function placeAt(pathname: string): Place | undefined {
  return (Object.keys(PLACES) as Place[]).find((place) => matchPath({ path: PLACES[place].path, end: true }, pathname))
}
