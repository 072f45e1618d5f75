import { createContext, useContext, type ReactNode } from 'react'
import { appConfigQuery } from '../api/config.ts'
import type { AppConfig } from '../api/types.ts'
import { useApiQuery, type ApiResource } from '../api/use-api-query.ts'

interface AppConfigState {
  resource: ApiResource<AppConfig>
  retry: () => void
}

const AppConfigContext = createContext<AppConfigState | null>(null)

/**
 * Loads GET /api/config once for the whole app. Children render while it loads: pages that do not need the
 * config (login, later) must not wait for it, and the shell stays usable when the server is unreachable.
 */
export function AppConfigProvider({ children }: { children: ReactNode }) {
  const state = useApiQuery(appConfigQuery)
  return <AppConfigContext.Provider value={state}>{children}</AppConfigContext.Provider>
}

export function useAppConfig(): AppConfigState {
  const state = useContext(AppConfigContext)
  if (state === null) throw new Error('useAppConfig() must be used inside <AppConfigProvider>')
  return state
}
