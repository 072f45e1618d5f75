import { apiFetch } from './client.ts'
import type { AppConfig } from './types.ts'

export function fetchAppConfig(signal: AbortSignal): Promise<AppConfig> {
  return apiFetch<AppConfig>('/config', { signal })
}
