/** What the route guard hands the login page through the router's location state. */
export interface LoginLocationState {
  /** The page the user was sent away from. */
  from?: { pathname: string; search?: string }
  /** True when a session the user had ended under them (so the page can say why they are here). */
  expired?: boolean
}

/** Location state is whatever history holds (any tab, any old build), so read it defensively. */
export function readLoginState(state: unknown): LoginLocationState {
  if (typeof state !== 'object' || state === null) return {}
  const { from, expired } = state as Record<string, unknown>
  const result: LoginLocationState = { expired: expired === true }
  if (typeof from === 'object' && from !== null && typeof (from as { pathname?: unknown }).pathname === 'string') {
    const { pathname, search } = from as { pathname: string; search?: unknown }
    result.from = { pathname, search: typeof search === 'string' ? search : '' }
  }
  return result
}
