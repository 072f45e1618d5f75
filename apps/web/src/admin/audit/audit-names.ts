import type { TFunction } from 'i18next'

/** The record kinds the API writes to the log so far; the filter offers these. */
export const AUDIT_ENTITIES = ['user', 'session', 'grid_tree'] as const
type AuditEntity = (typeof AUDIT_ENTITIES)[number]

const ACTIONS = ['auth.login', 'auth.logout', 'user.create', 'user.update', 'user.reset_password', 'grids.import'] as const
type AuditAction = (typeof ACTIONS)[number]

/** A known action in words; an action added later shows its code until it gets a translation. */
export function actionName(t: TFunction, action: string): string {
  if (!(ACTIONS as readonly string[]).includes(action)) return action
  switch (action as AuditAction) {
    case 'auth.login':
      return t('audit.actions.authLogin')
    case 'auth.logout':
      return t('audit.actions.authLogout')
    case 'user.create':
      return t('audit.actions.userCreate')
    case 'user.update':
      return t('audit.actions.userUpdate')
    case 'user.reset_password':
      return t('audit.actions.userResetPassword')
    case 'grids.import':
      return t('audit.actions.gridsImport')
  }
}

export function entityName(t: TFunction, entity: string): string {
  return (AUDIT_ENTITIES as readonly string[]).includes(entity) ? t(`audit.entities.${entity as AuditEntity}`) : entity
}
