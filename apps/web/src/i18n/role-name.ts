import type { Role } from '@wangge/accounts'
import type { TFunction } from 'i18next'

/** 网格员 / Grid worker, and so on: the label people know their role by. */
export function roleName(t: TFunction, role: Role): string {
  switch (role) {
    case 'worker':
      return t('role.worker')
    case 'supervisor':
      return t('role.supervisor')
    case 'handler':
      return t('role.handler')
    case 'manager':
      return t('role.manager')
    case 'admin':
      return t('role.admin')
  }
}
