import type { Migration, MigrationProvider } from 'kysely/migration'
import * as grids0001 from './0001-grids.ts'
import * as gridShapes0002 from './0002-grid-shapes.ts'
import * as accounts0003 from './0003-accounts.ts'
import * as auditLog0004 from './0004-audit-log.ts'
import * as incidents0005 from './0005-incidents.ts'
import * as events0007 from './0007-events.ts'

/** Numbered migrations, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-grids': grids0001,
  '0002-grid-shapes': gridShapes0002,
  '0003-accounts': accounts0003,
  '0004-audit-log': auditLog0004,
  '0005-incidents': incidents0005,
  // 0006 is reserved for the lead's migration on another branch.
  '0007-events': events0007,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
