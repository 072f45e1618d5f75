import { apiFetch } from './client.ts'
import type { AuditEntry, Page } from './account-types.ts'

export interface AuditFilters {
  entity?: string | undefined
  entityId?: string | undefined
  /** A target's name or number: a case number, a user's, station's or grid's name. */
  target?: string | undefined
  actorId?: number | undefined
  action?: string | undefined
  /** ISO 8601 with offset. */
  from?: string | undefined
  to?: string | undefined
}

export function fetchAudit(
  filters: AuditFilters,
  cursor: string | null,
  signal: AbortSignal,
): Promise<Page<AuditEntry>> {
  return apiFetch<Page<AuditEntry>>('/audit', { query: { ...filters, cursor, limit: 50 }, signal })
}
