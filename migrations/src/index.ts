import type { Migration, MigrationProvider } from 'kysely/migration'
import * as grids0001 from './0001-grids.ts'
import * as gridShapes0002 from './0002-grid-shapes.ts'
import * as accounts0003 from './0003-accounts.ts'
import * as auditLog0004 from './0004-audit-log.ts'
import * as incidents0005 from './0005-incidents.ts'
import * as accountChangeNotifications0006 from './0006-account-change-notifications.ts'
import * as events0007 from './0007-events.ts'
import * as stations0008 from './0008-stations.ts'
import * as incidentTextSearch0009 from './0009-incident-text-search.ts'
import * as caseNumberSequences0010 from './0010-case-number-sequences.ts'
import * as incidentSearchInsertInPlace0011 from './0011-incident-search-insert-in-place.ts'
import * as incidentSearchMergedInBackground0012 from './0012-incident-search-merged-in-background.ts'
import * as idempotencyKeyedBySubmitter0013 from './0013-idempotency-keyed-by-submitter.ts'
import * as loginAttempts0014 from './0014-login-attempts.ts'
import * as incidentSearchBigrams0015 from './0015-incident-search-bigrams.ts'
import * as incidentSearchBigramsInPlpgsql0016 from './0016-incident-search-bigrams-in-plpgsql.ts'
import * as incidentSearchScopedTokens0017 from './0017-incident-search-scoped-tokens.ts'
import * as incidentSources0020 from './0020-incident-sources.ts'
import * as open311ApiKeys0021 from './0021-open311-api-keys.ts'
import * as open311Requests0022 from './0022-open311-requests.ts'
import * as hotlineOrders0025 from './0025-hotline-orders.ts'
import * as dashboardRollups0030 from './0030-dashboard-rollups.ts'
import * as routingRules0035 from './0035-routing-rules.ts'
import * as escalationLadders0036 from './0036-escalation-ladders.ts'
import * as notifications0037 from './0037-notifications.ts'
import * as registry0040 from './0040-registry.ts'
import * as patrols0045 from './0045-patrols.ts'
import * as assessment0046 from './0046-assessment.ts'
import * as incidentIndexEconomy0050 from './0050-incident-index-economy.ts'
import * as dashboardCaseCounts0051 from './0051-dashboard-case-counts.ts'
import * as gridTreeVersion0070 from './0070-grid-tree-version.ts'
import * as gridReferencesIndexed0075 from './0075-grid-references-indexed.ts'
import * as openIncidentLocations0076 from './0076-open-incident-locations.ts'
import * as incidentsByReporter0077 from './0077-incidents-by-reporter.ts'
import * as incidentClusterCells0078 from './0078-incident-cluster-cells.ts'
import * as incidentClusterCellChanges0079 from './0079-incident-cluster-cell-changes.ts'
import * as rateCounters0080 from './0080-rate-counters.ts'

/** Numbered migrations, in order. Add new ones at the end; never edit one that has shipped. */
export const migrations: Record<string, Migration> = {
  '0001-grids': grids0001,
  '0002-grid-shapes': gridShapes0002,
  '0003-accounts': accounts0003,
  '0004-audit-log': auditLog0004,
  '0005-incidents': incidents0005,
  '0006-account-change-notifications': accountChangeNotifications0006,
  '0007-events': events0007,
  '0008-stations': stations0008,
  '0009-incident-text-search': incidentTextSearch0009,
  '0010-case-number-sequences': caseNumberSequences0010,
  '0011-incident-search-insert-in-place': incidentSearchInsertInPlace0011,
  '0012-incident-search-merged-in-background': incidentSearchMergedInBackground0012,
  '0013-idempotency-keyed-by-submitter': idempotencyKeyedBySubmitter0013,
  '0014-login-attempts': loginAttempts0014,
  '0015-incident-search-bigrams': incidentSearchBigrams0015,
  '0016-incident-search-bigrams-in-plpgsql': incidentSearchBigramsInPlpgsql0016,
  '0017-incident-search-scoped-tokens': incidentSearchScopedTokens0017,
  '0020-incident-sources': incidentSources0020,
  '0021-open311-api-keys': open311ApiKeys0021,
  '0022-open311-requests': open311Requests0022,
  '0025-hotline-orders': hotlineOrders0025,
  '0030-dashboard-rollups': dashboardRollups0030,
  '0035-routing-rules': routingRules0035,
  '0036-escalation-ladders': escalationLadders0036,
  '0037-notifications': notifications0037,
  '0040-registry': registry0040,
  '0045-patrols': patrols0045,
  '0046-assessment': assessment0046,
  '0050-incident-index-economy': incidentIndexEconomy0050,
  '0051-dashboard-case-counts': dashboardCaseCounts0051,
  '0070-grid-tree-version': gridTreeVersion0070,
  '0075-grid-references-indexed': gridReferencesIndexed0075,
  '0076-open-incident-locations': openIncidentLocations0076,
  '0077-incidents-by-reporter': incidentsByReporter0077,
  '0078-incident-cluster-cells': incidentClusterCells0078,
  '0079-incident-cluster-cell-changes': incidentClusterCellChanges0079,
  '0080-rate-counters': rateCounters0080,
}

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(migrations),
}
