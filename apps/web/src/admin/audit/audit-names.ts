import type { TFunction } from 'i18next'

/** The record kinds the API writes to the log; the filter offers these. */
export const AUDIT_ENTITIES = [
  'incident',
  'user',
  'session',
  'station',
  'grid_tree',
  'calendar_year',
  'export',
] as const
type AuditEntity = (typeof AUDIT_ENTITIES)[number]

/** Every action the API writes (audit_log.action), in the order the filter lists them. */
export const AUDIT_ACTIONS = [
  'incident.report',
  'incident.report_handled',
  'incident.register',
  'incident.reject',
  'incident.dispatch',
  'incident.accept',
  'incident.return',
  'incident.feedback',
  'incident.verify_passed',
  'incident.verify_failed',
  'incident.extend',
  'incidents.export',
  'dashboard.export',
  'station.create',
  'station.update',
  'station.audit',
  'stations.export',
  'auth.login',
  'auth.login_failed',
  'auth.logout',
  'user.create',
  'user.update',
  'user.reset_password',
  'grids.import',
  'calendar.replace',
] as const
type AuditAction = (typeof AUDIT_ACTIONS)[number]
/** `incident.verify_passed` → the locale's `incident_verify_passed` (a dot would be read as a nesting level). */
type KeyOf<A> = A extends `${infer Kind}.${infer Step}` ? `${Kind}_${Step}` : never
type ActionKey = KeyOf<AuditAction>

/** An action in words; one the web does not know yet reads 其他操作, never its code. */
export function actionName(t: TFunction, action: string): string {
  if (!(AUDIT_ACTIONS as readonly string[]).includes(action)) return t('audit.actions.other')
  return t(`audit.actions.${action.replace('.', '_') as ActionKey}`)
}

export function entityName(t: TFunction, entity: string): string {
  return (AUDIT_ENTITIES as readonly string[]).includes(entity)
    ? t(`audit.entities.${entity as AuditEntity}`)
    : t('audit.actions.other')
}
